package dev.ep.webedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The bound on a real Reactor Netty server over real sockets. */
class NettyConnectionLimitTest {

    private static DisposableServer start(int max, AtomicInteger open) {
        return NettyConnectionLimit.of(max, open).apply(HttpServer.create().host("127.0.0.1").port(0))
                .handle((request, response) -> response.header("Content-Length", "2").sendString(Mono.just("ok")))
                .bindNow(Duration.ofSeconds(10));
    }

    /** One GET on the socket; true when a 200 answer came back. */
    private static boolean get(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder answer = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            answer.append((char) c);
            if (answer.toString().endsWith("\r\n\r\nok")) {
                return answer.toString().startsWith("HTTP/1.1 200");
            }
        }
        return false;
    }

    /** Like {@link #get}, but a connection the server closed or reset is simply "no answer". */
    private static boolean answered(Socket socket) {
        try {
            return get(socket);
        } catch (IOException closedOrReset) {
            return false;
        }
    }

    private static void awaitOpen(AtomicInteger open, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (open.get() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(open.get()).isEqualTo(expected);
    }

    @Test
    void manyRequestsOnKeepAliveConnectionsUseOneSlotEach() throws Exception {
        AtomicInteger open = new AtomicInteger();
        DisposableServer server = start(2, open);
        try (Socket first = new Socket("127.0.0.1", server.port());
             Socket second = new Socket("127.0.0.1", server.port())) {
            first.setSoTimeout(5000);
            second.setSoTimeout(5000);
            for (int i = 0; i < 50; i++) {
                assertThat(get(first)).as("request %d on the first connection", i).isTrue();
                assertThat(get(second)).as("request %d on the second connection", i).isTrue();
            }
            awaitOpen(open, 2);
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aConnectionBeyondTheBoundIsClosedAndAClosedOneFreesItsSlot() throws Exception {
        AtomicInteger open = new AtomicInteger();
        DisposableServer server = start(1, open);
        try (Socket kept = new Socket("127.0.0.1", server.port())) {
            kept.setSoTimeout(5000);
            assertThat(get(kept)).isTrue();
            try (Socket refused = new Socket("127.0.0.1", server.port())) {
                refused.setSoTimeout(5000);
                assertThat(answered(refused)).as("the connection over the bound gets no answer").isFalse();
            }
            assertThat(get(kept)).as("the counted connection still works").isTrue();
            kept.close();
            awaitOpen(open, 0);
            try (Socket next = new Socket("127.0.0.1", server.port())) {
                next.setSoTimeout(5000);
                assertThat(get(next)).as("a slot freed by a close is reused").isTrue();
            }
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void refusesANonPositiveBound() {
        assertThatThrownBy(() -> NettyConnectionLimit.of(0, new AtomicInteger()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
