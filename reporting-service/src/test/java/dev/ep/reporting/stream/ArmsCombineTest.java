package dev.ep.reporting.stream;

import static dev.ep.reporting.stream.Events.decision;
import static dev.ep.reporting.stream.Events.order;
import static dev.ep.reporting.stream.Events.sessionCoverage;
import static dev.ep.reporting.stream.TopologyHarness.TOPICS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.AttributionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmTotals;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The units' deltas are added up per arm in the store {@code session-arm-pending} and forwarded once per interval: the arms
 * get the same exact totals as with a record per delta, and the sums not yet forwarded are in the changelogged store
 * (restored by the task's next owner after a stop or crash), never only in memory.
 */
class ArmsCombineTest {

    private static final Duration COMBINE = Duration.ofMillis(50);
    private static final AttributionSettings SETTINGS = new AttributionSettings(TopologyHarness.WINDOW,
            TopologyHarness.GRACE, 10 * TopologyHarness.WINDOW);

    private static TopologyHarness harness(Duration combine, Path stateDir) {
        return new TopologyHarness(SETTINGS, Duration.ofMinutes(1), Duration.ZERO, combine, stateDir);
    }

    /** Mixed traffic: decisions (10 held out), coverage, orders, a resent order, an order taken back by exclusion. */
    private static void traffic(TopologyHarness h, int from, int to) {
        for (int i = from; i < to; i++) {
            String s = "s" + i;
            String arm = i % 3 == 0 ? "control" : "treatment";
            h.send(TOPICS.assignments(), decision(s, "exp", arm, false, i % 10 == 0, i * 10L));
            h.send(TOPICS.coverage(), sessionCoverage("exp", arm, s, i * 10L + 1));
            if (i % 2 == 0) {
                h.send(TOPICS.events(), order("e" + i, s, null, 100 + i, "o" + i, i * 10L + 2));
                h.send(TOPICS.events(), order("e" + i + "-again", s, null, 100 + i, "o" + i, i * 10L + 3));
            }
        }
    }

    private static String totals(TopologyHarness h) {
        StringBuilder out = new StringBuilder();
        for (String arm : new String[] {"control", "treatment"}) {
            var a = h.arm("exp", 1, arm);
            out.append(arm).append(": exposed ").append(a.exposed()).append(", assigned ").append(a.assigned())
                    .append(", metrics ").append(a.metrics()).append('\n');
        }
        for (String arm : new String[] {"held-out", "not-held-out"}) {
            var a = h.arm("_holdout", 0, arm);
            out.append(arm).append(": exposed ").append(a.exposed()).append(", assigned ").append(a.assigned())
                    .append(", metrics ").append(a.metrics()).append('\n');
        }
        return out.toString();
    }

    @Test
    void shouldGiveTheArmsTheSameTotalsAsARecordPerDelta() throws Exception {
        String expected;
        try (TopologyHarness perDelta = harness(Duration.ZERO, Files.createTempDirectory("per-delta"))) {
            traffic(perDelta, 0, 60);
            expected = totals(perDelta);
        }
        try (TopologyHarness combined = harness(COMBINE, Files.createTempDirectory("combined"))) {
            traffic(combined, 0, 60);
            assertThat(combined.pendingResults()).as("nothing forwarded before the interval ends").isZero();
            combined.advanceWallClock(COMBINE);
            assertThat(totals(combined)).isEqualTo(expected);
            assertThat(combined.arm("exp", 1, "control").exposed()).isEqualTo(18); // 20 in control, 2 held out
        }
    }

    @Test
    void shouldKeepTheSumsNotYetForwardedInTheChangeloggedStore() throws Exception {
        String expected;
        try (TopologyHarness perDelta = harness(Duration.ZERO, Files.createTempDirectory("per-delta"))) {
            traffic(perDelta, 0, 40);
            expected = totals(perDelta);
        }
        try (TopologyHarness h = harness(COMBINE, Files.createTempDirectory("combined"))) {
            traffic(h, 0, 20);
            h.advanceWallClock(COMBINE);
            assertThat(h.results()).as("the first sums forwarded and published").hasSize(4);
            traffic(h, 20, 40); // added up, not forwarded yet: what a stop now leaves to the next owner of the task

            // then: the stores (changelogged, restored by the next owner of the task) hold exactly the rest: the
            // exposures' sums and the assignment counts' sums
            List<KeyValueStore<String, ArmChange>> pendingStores = List.of(
                    h.driver.getKeyValueStore(ReportingTopology.SESSION_PENDING_STORE),
                    h.driver.getKeyValueStore(ReportingTopology.SESSION_ASSIGNED_PENDING_STORE));
            Map<String, ArmTotals> published = new HashMap<>(h.results());
            for (KeyValueStore<String, ArmChange> pending : pendingStores) {
                try (KeyValueIterator<String, ArmChange> all = pending.all()) {
                    all.forEachRemaining(kv -> published.merge(kv.key,
                            ArmTotals.empty(kv.value.arm()).apply(kv.value), (done, rest) -> done.apply(kv.value)));
                }
            }
            assertThat(published).hasSize(4);
            assertThat(h.pendingResults()).isZero();
            h.advanceWallClock(COMBINE);
            assertThat(totals(h)).as("published + pending = every delta once").isEqualTo(expected);
            for (var arm : published.values()) {
                assertThat(h.arm(arm.arm().experimentId(), arm.arm().phase(), arm.arm().treatment()))
                        .usingRecursiveComparison().ignoringFields("currentTo").isEqualTo(arm);
            }
            for (KeyValueStore<String, ArmChange> pending : pendingStores) {
                try (KeyValueIterator<String, ArmChange> all = pending.all()) {
                    assertThat(all.hasNext()).as("forwarded sums are deleted").isFalse();
                }
            }
        }
    }
}
