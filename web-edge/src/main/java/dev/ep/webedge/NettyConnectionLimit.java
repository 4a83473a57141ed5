package dev.ep.webedge;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.netty.http.server.HttpServer;

/**
 * A bound on the open connections of a Reactor Netty server, which has none of its own (Tomcat's
 * {@code max-connections}): a connection accepted beyond {@code max} is closed at once, before it is read, so memory
 * for connections stays bounded. Counting is an atomic increment on the event loop, never a wait.
 *
 * <p>It counts <em>channels</em>, at their initialisation ({@code doOnChannelInit}), and uncounts them when they
 * close. Not {@code doOnConnection}: on an HTTP/1.1 keep-alive connection Reactor Netty calls that once per
 * <em>request</em> (each request gets its own operations object; reactor/reactor-netty#4188 relies on it), so a
 * counter there grew with every request of a long-lived connection and, after {@code max} requests over pooled
 * connections, refused every new connection (the simulator saw "received no bytes").
 */
public final class NettyConnectionLimit {

    private NettyConnectionLimit() {
    }

    /** The customisation of the server (for Spring Boot's {@code NettyServerCustomizer}). */
    public static UnaryOperator<HttpServer> of(int max, AtomicInteger open) {
        if (max <= 0) {
            throw new IllegalArgumentException("the connection limit must be positive, got " + max);
        }
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                channel.close();
                return;
            }
            channel.closeFuture().addListener(closed -> open.decrementAndGet());
        });
    }
}
