package dev.ep.testsupport.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private volatile int stallAt = -1;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (served.incrementAndGet() == stallAt) {
                sleep(300);
            }
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldCountTheWaitBehindAStalledResponseFromTheIntendedSendTime() throws Exception {
        // given one connection at 100 req/s, and the server stalling the 20th request by 300 ms
        stallAt = 20;

        // when
        OpenLoop.Result result = OpenLoop.run("127.0.0.1", server.getAddress().getPort(), 100, 1, 1,
                (connection, i) -> connection.post("/", BODY));

        // then the ~30 requests due during the stall waited behind it, and each counts its wait (a closed-loop
        // measurement would record one slow request only): coordinated omission corrected
        assertThat(result.requests()).isEqualTo(100);
        assertThat(result.errors()).isZero();
        assertThat(result.histogram().getCountBetweenValues(100_000,
                result.histogram().getHighestTrackableValue())).isGreaterThanOrEqualTo(10);
        assertThat(result.maxLagMicros()).isGreaterThanOrEqualTo(200_000);
    }

    @Test
    void shouldKeepTheCallersConnectionsOpenAcrossRuns() throws Exception {
        // given a pool the caller owns
        List<RawHttpConnection> pool = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            pool.add(new RawHttpConnection("127.0.0.1", server.getAddress().getPort()));
        }

        // when a warm-up and a measured run use it
        OpenLoop.run(pool, 50, 1, (connection, i) -> connection.post("/", BODY));
        OpenLoop.Result measured = OpenLoop.run(pool, 50, 1, (connection, i) -> connection.post("/", BODY));

        // then both ran over the same two keep-alive connections, opened once each
        assertThat(measured.requests()).isEqualTo(50);
        assertThat(measured.connections()).isEqualTo(2);
        assertThat(pool).allSatisfy(connection -> assertThat(connection.connects()).isEqualTo(1));
        pool.forEach(RawHttpConnection::close);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
