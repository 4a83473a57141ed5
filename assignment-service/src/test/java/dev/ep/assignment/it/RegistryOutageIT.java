package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.snapshot.ConfigFeed;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An unreachable schema registry is an outage, not a bad record: the configuration feed waits for it on the record it
 * could not decode (nothing dead-lettered, nothing skipped, not "caught up"), and applies everything once it is back.
 */
class RegistryOutageIT {

    @TempDir
    Path dir;

    @Test
    void shouldWaitForTheRegistryAndSkipNothingWhenItIsUnreachableWhileCatchingUp() throws Exception {
        // given: configuration records on the topic, and a registry address nothing listens on yet
        String kafka = TestPlatform.kafka().bootstrapServers();
        long sequence;
        try (ConfigRecords config = new ConfigRecords(kafka, TestPlatform.registry().url())) {
            config.send(ConfigRecords.layer("registry-outage-layer"));
            sequence = config.send(ConfigRecords.snapshot(ConfigRecords.experiment("registry-outage-exp",
                    "registry-outage-layer", 10_000, "only", 10_000).build(), 1));
        }
        int registryPort = freePort();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Map<String, Object> common = Map.of("bootstrap.servers", kafka,
                "schema.registry.url", "http://127.0.0.1:" + registryPort, "max.retries", "0");
        Path file = dir.resolve("config-snapshot.avro");

        try (ConfigFeed feed = ConfigFeed.create(common, common, Map.of("bootstrap.servers", kafka), 6, file,
                Clock.systemUTC(), meters)) {
            // when: the feed starts while the registry is away
            feed.start();

            // then: it stays on the first record it cannot decode: nothing dead-lettered, never "caught up"
            await().atMost(Duration.ofSeconds(30)).until(() -> feed.state().endOffsetAtStart() > 0);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !feed.state().caughtUp()
                    && deadLettered(meters) == 0 && feed.current().version() < 0);

            // when: the registry is back (a forwarder to the real one on the address the feed was given)
            HttpServer registry = forwarder(registryPort, TestPlatform.registry().url());
            try {
                // then: every record is applied, this test's experiment included
                await().atMost(Duration.ofSeconds(60)).until(() -> feed.state().caughtUp()
                        && feed.current().version() >= sequence);
                assertThat(feed.current().assign(new AssignmentRequest("s-1", null, null, Map.of())).assigned())
                        .anySatisfy(a -> assertThat(a.experimentId()).isEqualTo("registry-outage-exp"));
            } finally {
                registry.stop(0);
            }
        }
    }

    private static double deadLettered(SimpleMeterRegistry meters) {
        return meters.get("ep.config.records").tag("outcome", "dead_lettered").counter().count();
    }

    /** A minimal HTTP forwarder for the registry's GET calls (schema by id). */
    private static HttpServer forwarder(int port, String target) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            try {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                        URI.create(target + exchange.getRequestURI())).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                response.headers().firstValue("Content-Type")
                        .ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
                exchange.sendResponseHeaders(response.statusCode(), response.body().length);
                exchange.getResponseBody().write(response.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
