package dev.ep.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReportingServiceApplicationIT {

    @Test
    void shouldReportHealthUpWhenStarted() {
        try (ReportingInstance instance = ReportingInstance.start(ReportingInstance.Deployment.unique())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    instance.http().get().uri("/actuator/health").retrieve().body(String.class))
                    .contains("\"status\":\"UP\""));
            assertThat(instance.http().get().uri("/actuator/prometheus").retrieve().body(String.class))
                    .as("the stream's own metric in Prometheus' format").contains("ep_reporting_inputs");
        }
    }
}
