package dev.ep.webedge;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.netty.http.server.HttpServer;

/**
 * A bound on the open connections of a Reactor Netty server, which has none of its own (Tomcat's
 * {@code max-connections}): a connection accepted beyond {@code max} is closed at once, before it is read, so memory
 * for connections stays bounded. Counting is an atomic increment on the event loop, never a wait.
 */
public final class NettyConnectionLimit {

    private NettyConnectionLimit() {
    }

    /** The customisation of the server (for Spring Boot's {@code NettyServerCustomizer}). */
    public static UnaryOperator<HttpServer> of(int max, AtomicInteger open) {
        if (max <= 0) {
            throw new IllegalArgumentException("the connection limit must be positive, got " + max);
        }
        return server -> server.doOnConnection(connection -> {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                connection.dispose();
                return;
            }
            connection.onDispose(open::decrementAndGet);
        });
    }
}
