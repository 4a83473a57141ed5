package dev.ep.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.ep.access.DevTokens;
import dev.ep.testsupport.fuzz.FuzzReport;
import dev.ep.testsupport.fuzz.FuzzSettings;
import dev.ep.testsupport.fuzz.Fuzzer;
import dev.ep.testsupport.fuzz.Surface;
import dev.ep.testsupport.http.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §4: the shared seeded fuzzer (test-support {@code dev.ep.testsupport.fuzz}) against the running service,
 * every endpoint and method (results, time series, analysis, power, actuator), with a valid token, none and broken
 * ones. Fails on any 5xx or dropped connection; afterwards health still answers and the worked analysis example
 * still gives its figures. {@code -Dep.fuzz.requests=10000} for the long run (see test-support/README.md).
 */
class ReportingFuzzIT {

    static Surface surface(String analysis) {
        String power = "{\"relativeMde\": 0.05, \"baselineMean\": 0.1, \"baselineVariance\": 0.09, \"alpha\": 0.05,"
                + " \"power\": 0.8, \"arms\": 2, \"dailyExposedUnits\": 1000}";
        return Surface.builder("reporting-service")
                .credential("Authorization: Bearer " + DevTokens.VIEWER)
                .values("id", "checkout", "missing", "exp-1")
                .values("phase", "1", "0", "-1", "99999999999")
                .values("metric", "conversion", "average_order_value", "nope")
                .values("group", "liveness", "readiness")
                .get("/v1/experiments/{id}/results", "phase", "metric")
                .get("/v1/experiments/{id}/results/timeseries", "phase", "metric")
                .get("/v1/experiments/{id}/reconciliation/latest")
                .json("POST", "/v1/analysis", analysis)
                .json("POST", "/v1/power", power)
                .get("/v3/api-docs")
                .get("/actuator/health")
                .get("/actuator/health/{group}")
                .get("/actuator/prometheus")
                .build();
    }

    @Test
    void shouldNeverAnswer5xxOrDropTheConnectionWhateverTheRequest() throws IOException {
        String analysis;
        try (InputStream in = getClass().getResourceAsStream("/dev/ep/reporting/analysis/worked-example.json")) {
            analysis = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (ReportingInstance instance = ReportingInstance.start(ReportingInstance.Deployment.unique())) {
            int port = Integer.parseInt(instance.baseUrl().substring(instance.baseUrl().lastIndexOf(':') + 1));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    RawHttp.send(port, "GET", "/actuator/health").text().contains("\"status\":\"UP\""));

            // when
            FuzzReport report = new Fuzzer(surface(analysis)).run(port, FuzzSettings.fromSystemProperties(44, 300));

            // then
            assertThat(report.ran()).isTrue();
            report.assertNoFailures();
            assertThat(RawHttp.send(port, "GET", "/actuator/health").text()).contains("\"status\":\"UP\"");
            String audited = instance.http().post().uri("/v1/analysis")
                    .header("Content-Type", "application/json").body(analysis).retrieve().body(String.class);
            assertThat(audited).contains("\"srmCoverage\"", "\"comparisons\"");
        }
    }
}
