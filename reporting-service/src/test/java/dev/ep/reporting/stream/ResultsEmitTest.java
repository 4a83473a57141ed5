package dev.ep.reporting.stream;

import static dev.ep.reporting.stream.Events.order;
import static dev.ep.reporting.stream.Events.sessionCoverage;
import static dev.ep.reporting.stream.TopologyHarness.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.AttributionSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The arms are published to ep.results once per interval of wall-clock time for each arm that changed, with its
 * latest totals, instead of once per delta (the freshness benchmark's bottleneck at 2,000 decisions a second).
 */
class ResultsEmitTest {

    private static final Duration EMIT = Duration.ofMillis(100);
    private TopologyHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new TopologyHarness(new AttributionSettings(TopologyHarness.WINDOW, TopologyHarness.GRACE,
                10 * TopologyHarness.WINDOW), Duration.ofMinutes(1), EMIT);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void shouldPublishEachChangedArmOnceAnIntervalWithItsLatestTotals() {
        // given: 50 units and their orders in one arm, 10 in another, within one interval
        for (int i = 0; i < 50; i++) {
            harness.send(TOPICS.coverage(), sessionCoverage("exp", "control", "c" + i, i));
            harness.send(TOPICS.events(), order("ec" + i, "c" + i, null, 100, "oc" + i, i + 1));
        }
        for (int i = 0; i < 10; i++) {
            harness.send(TOPICS.coverage(), sessionCoverage("exp", "treatment", "t" + i, i));
        }
        assertThat(harness.pendingResults()).as("nothing published before the interval ends").isZero();

        // when: the interval ends
        harness.advanceWallClock(EMIT);

        // then: one record per changed arm, carrying the latest totals
        assertThat(harness.pendingResults()).isEqualTo(2);
        assertThat(harness.arm("exp", 1, "control").exposed()).isEqualTo(50);
        assertThat(harness.sumY("exp", 1, "control", "revenue_per_session")).isEqualTo(5_000);
        assertThat(harness.arm("exp", 1, "treatment").exposed()).isEqualTo(10);

        // and: an interval without change publishes nothing; a change publishes only its arm
        harness.advanceWallClock(EMIT);
        assertThat(harness.pendingResults()).isZero();
        harness.send(TOPICS.coverage(), sessionCoverage("exp", "treatment", "t-late", 60));
        harness.advanceWallClock(EMIT);
        assertThat(harness.pendingResults()).isEqualTo(1);
        assertThat(harness.arm("exp", 1, "treatment").exposed()).isEqualTo(11);
    }
}
