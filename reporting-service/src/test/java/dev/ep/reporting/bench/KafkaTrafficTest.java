package dev.ep.reporting.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTrafficTest {

    private static KafkaTraffic.Snapshot snapshot(long nanoTime, Map<String, Double> counters) {
        return new KafkaTraffic.Snapshot(counters, List.of(), nanoTime);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void shouldReportRatesAndFiguresPerThousandDecisionsWhenTwoSnapshotsAreTwoSecondsApart() {
        // given: 2 s, 4,000 decisions in, 3,000 fetches (also counted as FetchConsumer) and 1,000 produce requests
        KafkaTraffic.Snapshot from = snapshot(0, Map.of(
                "broker request Fetch", 500.0, "broker request FetchConsumer", 500.0,
                "broker request Produce", 100.0, "broker records in ep.assignments", 10_000.0,
                "client event-ingest consumer-event-ingest-1 fetches", 0.0,
                "client event-ingest consumer-event-ingest-1 requests", 0.0,
                "threads kafka data-plane-kafka-request-handler-N", 10.0));
        KafkaTraffic.Snapshot to = snapshot(2_000_000_000L, Map.of(
                "broker request Fetch", 3_500.0, "broker request FetchConsumer", 3_500.0,
                "broker request Produce", 1_100.0, "broker records in ep.assignments", 14_000.0,
                "client event-ingest consumer-event-ingest-1 fetches", 800.0,
                "client event-ingest consumer-event-ingest-1 requests", 1_000.0,
                "threads kafka data-plane-kafka-request-handler-N", 11.5));

        // when
        Map<String, Object> traffic = KafkaTraffic.between(from, to,
                Map.of("kafka", 2.0, "event-ingest", 1.0, "wallSeconds", 2.0, "machineCapacity", 4.0));

        // then: the FetchConsumer alias is not counted twice in the total
        assertThat(traffic).containsEntry("decisions", 4_000L).containsEntry("brokerRequestsPerSecond", 2_000.0)
                .containsEntry("brokerRequestsPer1000Decisions", 1_000.0);
        assertThat(map(traffic.get("brokerRequestsPerSecondByApi")))
                .containsEntry("Fetch", 1_500.0).containsEntry("Produce", 500.0);
        assertThat(map(traffic.get("clientFetchesPerSecond")))
                .containsEntry("event-ingest consumer-event-ingest-1", 400.0);
        assertThat(map(traffic.get("clientRequestsPerSecond")))
                .containsEntry("event-ingest consumer-event-ingest-1", 500.0);
        assertThat(map(traffic.get("cpuSecondsPer1000Decisions")))
                .containsEntry("kafka", 0.5).containsEntry("event-ingest", 0.25)
                .doesNotContainKeys("wallSeconds", "machineCapacity");
        assertThat(map(traffic.get("threadCpuSeconds")))
                .containsEntry("kafka data-plane-kafka-request-handler-N", 1.5);
    }

    @Test
    void shouldListTheLargestRatesFirstWhenReported() {
        // given
        KafkaTraffic.Snapshot from = snapshot(0, Map.of());
        KafkaTraffic.Snapshot to = snapshot(1_000_000_000L, Map.of("broker request Heartbeat", 1.0,
                "broker request Fetch", 900.0, "broker request EndTxn", 10.0, "broker request ApiVersions", 0.01));

        // when
        Map<String, Object> byApi = map(KafkaTraffic.between(from, to, Map.of()).get("brokerRequestsPerSecondByApi"));

        // then: largest first, rates under 0.05/s left out
        assertThat(byApi.keySet()).containsExactly("Fetch", "EndTxn", "Heartbeat");
    }

    @Test
    void shouldGiveNoFiguresPerDecisionWhenNoDecisionCameIn() {
        // given: an unloaded phase where nothing was assigned
        KafkaTraffic.Snapshot from = snapshot(0, Map.of("broker request Fetch", 10.0));
        KafkaTraffic.Snapshot to = snapshot(1_000_000_000L, Map.of("broker request Fetch", 20.0));

        // when
        Map<String, Object> traffic = KafkaTraffic.between(from, to, Map.of("kafka", 1.0));

        // then
        assertThat(traffic.get("brokerRequestsPer1000Decisions")).isNull();
        assertThat(map(traffic.get("cpuSecondsPer1000Decisions"))).isEmpty();
        assertThat(traffic).containsEntry("brokerRequestsPerSecond", 10.0);
    }
}
