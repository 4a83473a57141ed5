package dev.ep.reporting.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.AttributionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The decisions are read by a sub-topology of their own, so no task holds both a decision partition and a coverage
 * or events partition (Kafka Streams takes a task's records lowest timestamp first, so a coverage in a task with
 * decisions waits behind every older decision: README "Why the decisions have a sub-topology of their own"). The
 * stores that hold exposures and the stores that count assignments are in different sub-topologies too.
 */
class SubTopologiesTest {

    private static final ReportingTopology.TopicNames TOPICS = TopologyHarness.TOPICS;

    private final List<TopologyDescription.Subtopology> subtopologies = describe();

    private static List<TopologyDescription.Subtopology> describe() {
        StreamsBuilder builder = new StreamsBuilder();
        ReportingTopology.build(builder, new ReportingTopology.Wiring(TOPICS, new AttributionSettings(
                TopologyHarness.WINDOW, TopologyHarness.GRACE, 10 * TopologyHarness.WINDOW), Duration.ofMinutes(1),
                new MemoryRegistry(), Map.of("schema.registry.url", "http://127.0.0.1:1"), new ConfigView(),
                new StreamCounters(), (k, v, h) -> { }, "ep-reporting", Duration.ofMillis(100), Duration.ofMillis(50),
                6, 250));
        return new ArrayList<>(builder.build().describe().subtopologies());
    }

    @Test
    void shouldReadTheDecisionsInASubTopologyThatReadsNoOtherInput() {
        TopologyDescription.Subtopology decisions = readingTopic(TOPICS.assignments());
        assertThat(topicsRead(decisions)).containsExactly(TOPICS.assignments());
        TopologyDescription.Subtopology exposures = readingTopic(TOPICS.coverage());
        assertThat(topicsRead(exposures)).contains(TOPICS.events()).doesNotContain(TOPICS.assignments());
    }

    @Test
    void shouldKeepExposuresAndAssignmentCountsInStoresOfDifferentSubTopologies() {
        assertThat(stores(readingTopic(TOPICS.coverage()))).containsExactlyInAnyOrder(
                ReportingTopology.SESSION_UNITS_STORE, ReportingTopology.SESSION_PENDING_STORE,
                ReportingTopology.SESSION_DUE_STORE);
        assertThat(stores(readingTopic(TOPICS.assignments()))).containsExactlyInAnyOrder(
                ReportingTopology.SESSION_ASSIGNED_STORE, ReportingTopology.SESSION_ASSIGNED_PENDING_STORE,
                ReportingTopology.SESSION_ASSIGNED_DUE_STORE);
    }

    private TopologyDescription.Subtopology readingTopic(String topic) {
        List<TopologyDescription.Subtopology> reading = subtopologies.stream()
                .filter(s -> topicsRead(s).contains(topic)).toList();
        assertThat(reading).as("sub-topologies reading %s", topic).hasSize(1);
        return reading.get(0);
    }

    private static Set<String> topicsRead(TopologyDescription.Subtopology sub) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Node node : sub.nodes()) {
            if (node instanceof TopologyDescription.Source source) {
                topics.addAll(source.topicSet());
            }
        }
        return topics;
    }

    private static Set<String> stores(TopologyDescription.Subtopology sub) {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Node node : sub.nodes()) {
            if (node instanceof TopologyDescription.Processor processor) {
                stores.addAll(processor.stores());
            }
        }
        return stores;
    }
}
