package dev.ep.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.fuzz.FuzzReport;
import dev.ep.testsupport.fuzz.FuzzSettings;
import dev.ep.testsupport.fuzz.Fuzzer;
import dev.ep.testsupport.fuzz.Surface;
import dev.ep.testsupport.http.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 9 §4: the shared seeded fuzzer (test-support {@code dev.ep.testsupport.fuzz}) against what the service
 * serves today (its actuator endpoints), every method. Fails on any 5xx or dropped connection; afterwards health
 * still answers. {@code -Dep.fuzz.requests=10000} for the long run (see test-support/README.md).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReportingFuzzIT {

    @LocalServerPort
    int port;

    static Surface surface() {
        return Surface.builder("reporting-service")
                .values("group", "liveness", "readiness")
                .get("/actuator/health")
                .get("/actuator/health/{group}")
                .get("/actuator/info")
                .get("/actuator/prometheus")
                .get("/actuator")
                .build();
    }

    @Test
    void shouldNeverAnswer5xxOrDropTheConnectionWhateverTheRequest() {
        // when
        FuzzReport report = new Fuzzer(surface()).run(port, FuzzSettings.fromSystemProperties(44, 300));

        // then
        assertThat(report.ran()).isTrue();
        report.assertNoFailures();
        assertThat(RawHttp.send(port, "GET", "/actuator/health").text()).contains("\"status\":\"UP\"");
    }
}
