package dev.ep.reporting.results;

import static dev.ep.reporting.results.ResultsEndpointIT.arm;
import static dev.ep.reporting.results.ResultsEndpointIT.results;
import static dev.ep.reporting.results.ResultsEndpointIT.units;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.UnitType;
import dev.ep.reporting.EventProducer;
import dev.ep.reporting.ReportingInstance;
import dev.ep.reporting.ReportingInstance.Deployment;
import dev.ep.reporting.stream.Events;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of one deployment share the partitions (each runs tasks) and both answer with the totals the
 * events imply, the same that one instance gives (computed here from what was sent).
 */
class TwoInstancesIT {

    static final int UNITS = 40;

    @Test
    void shouldShareWorkAndAnswerTheSameExactTotalsFromEitherInstance() {
        Deployment d = Deployment.unique();
        try (EventProducer producer = new EventProducer();
             ReportingInstance a = ReportingInstance.start(d);
             ReportingInstance b = ReportingInstance.start(d)) {
            producer.send(d.config(), "experiment:split", Events.experiment("split", UnitType.SESSION, null));
            Map<String, Long> revenue = new TreeMap<>();
            Map<String, Long> exposed = new TreeMap<>();
            for (int i = 0; i < UNITS; i++) {
                String session = "session-" + i;
                String treatment = i % 2 == 0 ? "control" : "treatment";
                producer.send(d.coverage(), session, Events.sessionCoverage("split", treatment, session, i));
                exposed.merge(treatment, 1L, Long::sum);
                if (i % 3 == 0) {
                    long value = (i + 1) * 100L;
                    producer.send(d.events(), session, Events.order("order-" + i, session, null, value, "o" + i,
                            100 + i));
                    revenue.merge(treatment, value, Long::sum);
                }
            }

            for (ReportingInstance instance : new ReportingInstance[] {a, b}) {
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                    JsonNode stats = results(instance.http(), "split").get("statistics");
                    assertThat(units(stats, "coverageUnits")).isEqualTo(exposed);
                    for (String t : revenue.keySet()) {
                        assertThat(arm(stats, "revenue_per_session", t).get("sumY").asLong()).isEqualTo(revenue.get(t));
                    }
                });
            }
            JsonNode fromA = results(a.http(), "split").get("statistics");
            JsonNode fromB = results(b.http(), "split").get("statistics");
            for (String field : new String[] {"coverageUnits", "assignmentUnits", "metrics"}) {
                // not "previous": each instance keeps the always-valid p-values it published itself
                assertThat(fromA.get(field)).as(field).isEqualTo(fromB.get(field));
            }
            // the work is shared once the group has settled (b may still be joining when the figures agree)
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
                assertThat(activeTasks(a)).as("instance a runs tasks").isPositive();
                assertThat(activeTasks(b)).as("instance b runs tasks").isPositive();
            });
        }
    }

    private static long activeTasks(ReportingInstance instance) {
        long tasks = 0;
        // both applications of the instance: the exposures' and the decisions'
        for (String name : new String[] {"&defaultKafkaStreamsBuilder", "&decisionsStreamsBuilder"}) {
            KafkaStreams streams = instance.bean(name, StreamsBuilderFactoryBean.class).getKafkaStreams();
            long own = streams.metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
            if (own == 0) {
                return 0;
            }
            tasks += own;
        }
        return tasks;
    }
}
