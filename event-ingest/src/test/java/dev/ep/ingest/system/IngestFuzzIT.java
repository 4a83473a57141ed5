package dev.ep.ingest.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.ingest.IngestItSupport;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.fuzz.FuzzReport;
import dev.ep.testsupport.fuzz.FuzzSettings;
import dev.ep.testsupport.fuzz.Fuzzer;
import dev.ep.testsupport.fuzz.Surface;
import dev.ep.testsupport.http.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9 §4: the shared seeded fuzzer (test-support {@code dev.ep.testsupport.fuzz}) against the running service:
 * both timeline paths, the history report, the archive run, the health and metrics endpoints, with the viewer token, the API key, none and broken ones,
 * every method. Fails on any 5xx or dropped connection; afterwards health and a known-good timeline read still
 * answer. {@code -Dep.fuzz.requests=10000} for the long run (see test-support/README.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class IngestFuzzIT {

    private static final String VIEWER = "Authorization: Bearer test-viewer-token";
    private static final Database DB = TestPlatform.postgres().newDatabase("event_ingest_fuzz");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        IngestItSupport.register(registry, DB);
    }

    @LocalServerPort
    int port;

    static Surface surface() {
        return Surface.builder("event-ingest")
                .credential(VIEWER)
                .credential("X-Api-Key: test-api-key")
                .values("sessionId", "s-1", "s-fuzz", "a:b@c~d", "x".repeat(128))
                .values("format", "html", "json")
                .values("experimentId", "exp-button", "a:b@c~d", "x".repeat(128))
                .values("phase", "0", "1", "2147483647")
                .values("from", "2026-11-01", "2000-01-01")
                .values("to", "2026-11-30", "2026-11-01")
                .values("ordersTo", "2026-12-07", "2099-12-31")
                .get("/v1/sessions/{sessionId}/timeline", "format")
                .get("/v1/history/report", "experimentId", "phase", "from", "to", "ordersTo")
                .json("POST", "/v1/archive/run", null)
                .get("/v1/timeline", "sessionId", "format")
                .get("/actuator/health")
                .get("/actuator/prometheus")
                .build();
    }

    @Test
    void shouldNeverAnswer5xxOrDropTheConnectionWhateverTheRequest() {
        // when
        FuzzReport report = new Fuzzer(surface()).run(port, FuzzSettings.fromSystemProperties(43, 400));

        // then
        assertThat(report.ran()).isTrue();
        report.assertNoFailures();
        assertThat(RawHttp.send(port, "GET", "/actuator/health").text()).contains("\"status\":\"UP\"");
        assertThat(RawHttp.send(port, "GET", "/v1/sessions/s-1/timeline", VIEWER).status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer404ForAHealthPathWhoseSegmentHoldsAnEncodedSlash() {
        // found by the 10,000-request run (seed 4242, index 4801): this connector decodes %2F for session ids, and
        // Spring Boot asserts that a health group name holds no slash
        assertThat(RawHttp.send(port, "GET", "/actuator/health/a%2Fb").status()).isEqualTo(404);
        assertThat(RawHttp.send(port, "GET", "/actuator/health/a%2Fb/c").status()).isEqualTo(404);
    }
}
