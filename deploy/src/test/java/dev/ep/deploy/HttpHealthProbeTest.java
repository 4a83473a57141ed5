package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHealthProbeTest {

    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private HttpServer server;
    private HttpHealthProbe probe;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/actuator/health", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        probe = new HttpHealthProbe(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/health"));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void shouldBeHealthyWhenActuatorSaysUp() {
        // given
        body.set("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");

        // then
        assertThat(probe.isHealthy()).isTrue();
    }

    @Test
    void shouldNotBeHealthyWhenActuatorSaysDown() {
        // given
        status.set(503);
        body.set("{\"status\":\"DOWN\"}");

        // then
        assertThat(probe.isHealthy()).isFalse();
    }

    @Test
    void shouldNotBeHealthyWhenNothingListens() {
        // given
        server.stop(0);

        // then
        assertThat(probe.isHealthy()).isFalse();
    }

    @Test
    void shouldAcceptWhitespaceButNotOtherStatusesWhenParsing() {
        assertThat(HttpHealthProbe.isUp(200, "{ \"status\" : \"UP\" }")).isTrue();
        assertThat(HttpHealthProbe.isUp(200, "{\"status\":\"OUT_OF_SERVICE\"}")).isFalse();
        assertThat(HttpHealthProbe.isUp(500, "{\"status\":\"UP\"}")).isFalse();
    }
}
