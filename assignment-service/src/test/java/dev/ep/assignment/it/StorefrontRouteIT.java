package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.access.TokenHashes;
import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.events.v1.ExperimentState;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TestPlatformProperties;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The storefront's direct route against WebFlux, over real HTTP, request by request: each request is sent once in the
 * route's shape ({@code Content-Type: application/json}, no {@code Accept}) and once in a shape the route leaves to
 * WebFlux (the same request with {@code Accept: application/json, *}{@code /*}), and the two answers must be the same:
 * status, content type, length and body byte for byte (the exposure tokens of an assign answer carry their issue time
 * and are compared by shape). The route's counters prove which path served each: a success and a refusal after the
 * body was read are served directly, a body the reader refuses is replayed through WebFlux; a missing key, a query
 * string, a chunked body are never taken. Each request is timed once.
 */
@SpringBootTest(classes = AssignmentServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorefrontRouteIT {

    private static final String KEY = "route-it-key";
    private static final String EXPERIMENT = "route-it-button";
    private static final String LAYER = "route-it-layer";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private ConfigRecords config;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        TestPlatformProperties.kafka(registry);
        TestPlatformProperties.schemaRegistry(registry);
        String dataDir = Files.createTempDirectory("storefront-route-it").toString();
        registry.add("ep.assignment.data-dir", () -> dataDir);
        registry.add("ep.assignment.api-key-hashes", () -> TokenHashes.hash(KEY));
    }

    @BeforeAll
    void publishConfiguration() throws Exception {
        config = new ConfigRecords(TestPlatform.kafka().bootstrapServers(), TestPlatform.registry().url());
        config.send(ConfigRecords.layer(LAYER));
        ExperimentState state = ConfigRecords.experiment(EXPERIMENT, LAYER, 10_000, "control", 5_000, "green", 5_000)
                .build();
        config.send(ConfigRecords.snapshot(state, 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> assign("{\"sessionId\":\"warm\"}").contains(EXPERIMENT));
    }

    @AfterAll
    void close() {
        config.close();
    }

    @Test
    void shouldAnswerAnAssignExactlyAsWebFluxDoesWhenServedDirectly() throws Exception {
        String body = "{\"sessionId\":\"route-s-1\",\"page\":\"cart\",\"attributes\":{\"country\":\"DE\",\"n\":1.50}}";

        Pair pair = both("/v1/assign", body, "direct");

        assertThat(pair.direct.status()).isEqualTo(200);
        assertThat(pair.direct.header("content-type")).isEqualTo("application/json");
        assertThat(tokensMasked(pair.direct)).isEqualTo(tokensMasked(pair.webFlux)).contains(EXPERIMENT);
        assertThat(pair.direct.header("content-length")).isEqualTo(Integer.toString(pair.direct.body().length));
        assertThat(pair.direct.body().length).isEqualTo(pair.webFlux.body().length);
    }

    @Test
    void shouldAnswerCoverageAndEventsExactlyAsWebFluxDoesWhenServedDirectly() throws Exception {
        same(both("/v1/coverage", "{\"sessionId\":\"route-s-2\",\"experiments\":[{\"experimentId\":\"" + EXPERIMENT
                + "\"}]}", "direct"), 200);
        same(both("/v1/events", "{\"events\":[{\"eventId\":\"route-e-1\",\"type\":\"page_view\",\"time\":\""
                + java.time.Instant.now() + "\",\"sessionId\":\"route-s-2\",\"page\":\"home\"}]}", "direct"), 202);
    }

    @Test
    void shouldAnswerTheControllersRefusalsExactlyAsWebFluxDoesWhenTheBodyWasRead() throws Exception {
        // validation in the controller, and a coverage claim that does not match (422): answered by the route
        same(both("/v1/assign", "{\"sessionId\":\"" + "x".repeat(300) + "\"}", "direct"), 400);
        same(both("/v1/assign", "{\"sessionId\":\"s\",\"cover\":[\"a\",\"a b\"]}", "direct"), 400);
        same(both("/v1/events", "{\"events\":null}", "direct"), 400);
        String treatment = ExpectedHashes.slot(EXPERIMENT, "route-s-3", 10_000) < 5_000 ? "green" : "control";
        Pair mismatch = both("/v1/coverage", "{\"sessionId\":\"route-s-3\",\"experiments\":[{\"experimentId\":\""
                + EXPERIMENT + "\",\"treatment\":\"" + treatment + "\"}]}", "direct");
        same(mismatch, 422);
        assertThat(mismatch.direct.text()).contains("COVERAGE_CLAIM_MISMATCH");
    }

    @Test
    void shouldHandABodyTheReaderRefusesToWebFluxWithItsBytes() throws Exception {
        for (String body : List.of("{\"sessionId\":", "{\"sessionId\":\"s\",\"bogus\":1}", "null", "[]",
                "{\"sessionId\":7}", "{\"sessionId\":\"s\"} trailing", "\"text\"")) {
            Pair pair = both("/v1/assign", body, "replayed");
            same(pair, pair.webFlux.status());
            assertThat(pair.direct.status()).as(body).isEqualTo(400);
        }
        byte[] malformedUtf8 = {'{', '"', 's', 'e', 's', 's', 'i', 'o', 'n', 'I', 'd', '"', ':', '"', (byte) 0xC3,
                (byte) 0x28, '"', '}'};
        RawRequest request = route("/v1/assign", "").withBody(malformedUtf8);
        double before = count("replayed");
        RawReply direct = RawHttp.once(port, request);
        RawReply webFlux = RawHttp.once(port, request.header("Accept", "application/json, */*"));
        assertThat(count("replayed")).isEqualTo(before + 1);
        same(new Pair(direct, webFlux), 400);
    }

    @Test
    void shouldLeaveEveryOtherShapeToWebFluxWhenTheRequestIsNotThePlainOne() throws Exception {
        String body = "{\"sessionId\":\"route-s-4\"}";
        double direct = count("direct");
        double replayed = count("replayed");

        RawReply noKey = RawHttp.once(port, route("/v1/assign", body).replacing("X-Api-Key", null));
        RawReply wrongKey = RawHttp.once(port, route("/v1/assign", body).replacing("X-Api-Key", KEY + "x"));
        RawReply twoKeys = RawHttp.once(port, route("/v1/assign", body).header("X-Api-Key", KEY));
        RawReply query = RawHttp.once(port, route("/v1/assign?x=1", body));
        RawReply chunked = RawHttp.once(port, route("/v1/assign", body).chunked(5));
        RawReply otherPath = RawHttp.once(port, route("/v1//assign", body));
        RawReply text = RawHttp.once(port, route("/v1/assign", body).replacing("Content-Type", "text/plain"));
        RawReply latin1 = RawHttp.once(port, route("/v1/assign", body)
                .replacing("Content-Type", "application/json;charset=ISO-8859-1"));
        RawReply html = RawHttp.once(port, route("/v1/assign", body).header("Accept", "text/html"));
        RawReply tooLong = RawHttp.once(port, route("/v1/assign", "{\"sessionId\":\"" + "y".repeat(70_000) + "\"}"));

        assertThat(noKey.status()).isEqualTo(401);
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(ServiceHttp.code(twoKeys)).isNotEqualTo("INTERNAL");
        assertThat(chunked.status()).isEqualTo(200);
        assertThat(otherPath.status()).isLessThan(500);
        assertThat(text.status()).isEqualTo(415);
        assertThat(latin1.status()).isEqualTo(200);
        assertThat(html.status()).isEqualTo(406);
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(query.status()).isLessThan(500);
        assertThat(count("direct")).isEqualTo(direct);
        assertThat(count("replayed")).isEqualTo(replayed);
    }

    @Test
    void shouldTimeEachDirectRequestOnceInTheStorefrontTimer() throws Exception {
        long ok = requests("200");
        long refused = requests("400");

        RawHttp.once(port, route("/v1/assign", "{\"sessionId\":\"route-s-5\"}"));
        RawHttp.once(port, route("/v1/assign", "{\"sessionId\":\"" + "x".repeat(300) + "\"}"));
        RawHttp.once(port, route("/v1/assign", "{\"sessionId\":"));

        // recorded once the answer is written, which the client may read first: wait for the count, then exactly
        await().atMost(Duration.ofSeconds(10)).until(() -> requests("200") >= ok + 1 && requests("400") >= refused + 2);
        assertThat(requests("200")).isEqualTo(ok + 1);
        assertThat(requests("400")).isEqualTo(refused + 2); // once directly, once by WebFlux after the replay
    }

    @Test
    void shouldServeManyRequestsOnOneKeepAliveConnectionWhenServedDirectly() throws Exception {
        double before = count("direct");
        try (RawHttp connection = RawHttp.connect(port)) {
            for (int i = 0; i < 150; i++) {
                RawReply reply = connection.exchange(route("/v1/assign", "{\"sessionId\":\"keep-" + i + "\"}"));
                assertThat(reply.status()).isEqualTo(200);
            }
        }
        assertThat(count("direct")).isEqualTo(before + 150);
    }

    private record Pair(RawReply direct, RawReply webFlux) {
    }

    /** The request in the route's shape, then in WebFlux's; asserts the route counted the first as {@code route}. */
    private Pair both(String path, String body, String route) throws Exception {
        double before = count(route);
        RawReply direct = RawHttp.once(port, route(path, body));
        assertThat(count(route)).as(path + " " + body).isEqualTo(before + 1);
        double after = count("direct") + count("replayed");
        RawReply webFlux = RawHttp.once(port, route(path, body).header("Accept", "application/json, */*"));
        assertThat(count("direct") + count("replayed")).as("WebFlux's request not taken").isEqualTo(after);
        return new Pair(direct, webFlux);
    }

    private static void same(Pair pair, int status) {
        assertThat(pair.direct.status()).isEqualTo(status);
        assertThat(pair.webFlux.status()).isEqualTo(status);
        assertThat(pair.direct.header("content-type")).isEqualTo(pair.webFlux.header("content-type"));
        assertThat(pair.direct.header("content-length")).isEqualTo(pair.webFlux.header("content-length"));
        assertThat(pair.direct.text()).isEqualTo(pair.webFlux.text());
    }

    private static RawRequest route(String target, String body) {
        return RawRequest.of("POST", target).header("X-Api-Key", KEY).json(body);
    }

    private String assign(String body) throws Exception {
        return RawHttp.once(port, route("/v1/assign", body)).text();
    }

    private static String tokensMasked(RawReply reply) {
        return reply.text().replaceAll("\"exposureToken\":\"[A-Za-z0-9_-]+\"", "\"exposureToken\":\"T\"");
    }

    private double count(String route) {
        return meters.get("ep.storefront.route").tag("route", route).counter().count();
    }

    private long requests(String status) {
        Timer timer = meters.find("http.server.requests").tag("uri", "/v1/assign").tag("method", "POST")
                .tag("status", status).timer();
        return timer == null ? 0 : timer.count();
    }
}
