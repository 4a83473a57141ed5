package dev.ep.assignment.it;

import dev.ep.access.TokenHashes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.testsupport.TestPlatformProperties;
import dev.ep.testsupport.fuzz.FuzzReport;
import dev.ep.testsupport.fuzz.FuzzSettings;
import dev.ep.testsupport.fuzz.Fuzzer;
import dev.ep.testsupport.fuzz.Surface;
import dev.ep.testsupport.http.RawHttp;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9 §4: the shared seeded fuzzer (test-support {@code dev.ep.testsupport.fuzz}) against the running service:
 * assign (POST and GET), coverage, events, explain and the actuator, every method, with the API key, none and
 * broken ones. Fails on any 5xx or dropped connection; afterwards health and a known-good assign still answer.
 * {@code -Dep.fuzz.requests=10000} for the long run (see test-support/README.md).
 */
@SpringBootTest(classes = AssignmentServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class AssignmentFuzzIT {

    private static final String KEY = "storefront-fuzz-key";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        TestPlatformProperties.kafka(registry);
        TestPlatformProperties.schemaRegistry(registry);
        String dataDir = Files.createTempDirectory("assignment-fuzz-it").toString();
        registry.add("ep.assignment.data-dir", () -> dataDir);
        registry.add("ep.assignment.api-key-hashes", () -> TokenHashes.hash(KEY));
    }

    static Surface surface() {
        return Surface.builder("assignment-service")
                .credential("X-Api-Key: " + KEY)
                .values("sessionId", "s-123", "s-1", "a:b@c")
                .values("userId", "u-42")
                .values("page", "cart", "checkout")
                .values("cover", "all", "checkout-button,other")
                .values("attr.country", "DE")
                .json("POST", "/v1/assign", "{\"sessionId\": \"s-123\", \"userId\": \"u-42\", \"page\": \"cart\","
                        + " \"attributes\": {\"country\": \"DE\", \"cart_value\": 42.5, \"app\": true},"
                        + " \"cover\": [\"checkout-button\"]}")
                .get("/v1/assign", "sessionId", "userId", "page", "cover", "attr.country")
                .json("POST", "/v1/coverage", "{\"sessionId\": \"s-123\", \"page\": \"checkout\", \"tokens\":"
                        + " [\"AQAAAZx3Q\"]}")
                .json("POST", "/v1/coverage", "{\"sessionId\": \"s-123\", \"page\": \"cart\", \"attributes\":"
                        + " {\"country\": \"DE\"}, \"experiments\": [{\"experimentId\": \"checkout-button\","
                        + " \"treatment\": \"green\"}, {\"experimentId\": \"other\"}]}")
                .json("POST", "/v1/events", "{\"events\": [{\"eventId\": \"e-1\", \"type\": \"page_view\", \"time\":"
                        + " \"2026-11-26T10:00:00Z\", \"sessionId\": \"s-123\", \"page\": \"home\"}, {\"eventId\":"
                        + " \"e-2\", \"type\": \"order\", \"time\": \"2026-11-26T10:05:00Z\", \"sessionId\": \"s-123\","
                        + " \"userId\": \"u-42\", \"value\": 12999, \"currency\": \"EUR\", \"orderId\": \"o-9\"},"
                        + " {\"eventId\": \"e-3\", \"type\": \"custom\", \"name\": \"newsletter_signup\", \"time\":"
                        + " \"2026-11-26T10:06:00Z\", \"sessionId\": \"s-123\"}]}")
                .get("/v1/explain", "sessionId", "page", "attr.country")
                .get("/actuator/health")
                .get("/actuator/health/readiness")
                .get("/actuator/prometheus")
                .build();
    }

    @Test
    void shouldNeverAnswer5xxOrDropTheConnectionWhateverTheRequest() {
        // when
        FuzzReport report = new Fuzzer(surface()).run(port, FuzzSettings.fromSystemProperties(42, 400));

        // then
        assertThat(report.ran()).isTrue();
        report.assertNoFailures();
        assertThat(RawHttp.send(port, "GET", "/actuator/health").status()).isEqualTo(200);
        assertThat(RawHttp.send(port, "GET", "/v1/assign?sessionId=s-after", "X-Api-Key: " + KEY).status())
                .isEqualTo(200);
    }
}
