package dev.ep.reporting.stream;

import static dev.ep.reporting.stream.TopologyHarness.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The sweep over the due index in the topology ({@code TopologyTestDriver}, RocksDB stores): assigned-only units are
 * not read before they are due, units are closed and deleted at their due time, the index holds exactly one entry per
 * unit, and a configuration change still reaches units that get no input.
 */
class DueSweepTopologyTest {

    static final long MINUTE = Duration.ofMinutes(1).toMillis();
    static final long HOUR = Duration.ofHours(1).toMillis();
    static final AttributionSettings SETTINGS = new AttributionSettings(HOUR, 5 * MINUTE, 2 * HOUR);

    @Test
    void shouldNotReadAssignedOnlyUnitsBeforeTheirDueTimeAndDeleteThemAtIt() throws Exception {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS, Duration.ofMinutes(1))) {
            // given: 1,000 sessions only assigned (a decision, no coverage) at 0: due when memory (2 h) has passed
            harness.send(TopologyHarness.TOPICS.config(), Events.experiment("exp", UnitType.SESSION, null));
            for (int i = 0; i < 1_000; i++) {
                harness.send(TopologyHarness.TOPICS.assignments(),
                        Events.decision("a" + i, "exp", i % 2 == 0 ? "control" : "treatment", false, null, 0));
            }
            KeyValueStore<String, UnitState> units = harness.driver.getKeyValueStore(
                    ReportingTopology.SESSION_UNITS_STORE);
            KeyValueStore<String, UnitState> assigned = harness.driver.getKeyValueStore(
                    ReportingTopology.SESSION_ASSIGNED_STORE);

            // when: a session covered every minute (with a page view) for 100 minutes of stream time
            for (int minute = 1; minute <= 100; minute++) {
                trickle(harness, minute);
            }

            // then: about a hundred passes, none of which read the assigned-only units (the old sweep read all
            // 1,000 in every pass); the covered sessions closed at window + grace (65 min) were read when due
            long passes = harness.counters.passes(SweepPass.DUE) + harness.counters.passes(SweepPass.FULL);
            long read = harness.counters.swept(SweepPass.DUE) + harness.counters.swept(SweepPass.FULL);
            assertThat(passes).isGreaterThanOrEqualTo(99);
            // the driver runs the four unit processors (sessions and users, exposures and assignment counts) in one
            // task: each makes its first pass a full one
            assertThat(harness.counters.passes(SweepPass.FULL)).as("the first pass after the start only").isEqualTo(4);
            assertThat(read).as("only the covered sessions, each when due").isBetween(30L, 45L);
            assertThat(count(units)).isEqualTo(100);
            assertThat(count(assigned)).as("the assignment markers, in the decisions' own store").isEqualTo(1_000);
            assertThat(units.get("SESSION/s10").exposures().get("exp").closed()).as("closed at 75 min").isTrue();
            assertThat(units.get("SESSION/s40").exposures().get("exp").closed()).as("open until 105 min").isFalse();
            assertIndexed(harness);

            // when: stream time passes the assigned-only units' due time (2 h)
            for (int minute = 101; minute <= 122; minute++) {
                trickle(harness, minute);
            }

            // then: they were read once, when due, and deleted; their assignments stay counted
            assertThat(harness.counters.swept(SweepPass.DUE)).isBetween(1_000L + 30, 1_000L + 80);
            assertThat(assigned.get("SESSION/a0")).isNull();
            assertThat(count(assigned)).isZero();
            assertThat(count(units)).isEqualTo(122);
            assertThat(harness.arm("exp", 1, "control").assigned()).isEqualTo(500);
            assertIndexed(harness);
        }
    }

    @Test
    void shouldReachAUnitWithoutInputWhenTheConfigurationChanges() throws Exception {
        try (TopologyHarness harness = new TopologyHarness(SETTINGS, Duration.ofMinutes(1))) {
            // given: a session exposed at 0 (slot 100) with a page view at 2 s, counted; passes done
            harness.send(TopologyHarness.TOPICS.config(), Events.experiment("exp", UnitType.SESSION, null));
            harness.send(TopologyHarness.TOPICS.coverage(), Events.coverage("exp", 1, "control", UnitType.SESSION,
                    "moved", "moved", 100, 0));
            harness.send(TopologyHarness.TOPICS.events(),
                    Events.event("m1", TrackingType.PAGE_VIEW, "moved", null, 2_000));
            trickle(harness, 1);
            trickle(harness, 2);
            assertThat(harness.sumY("exp", 1, "control", "page_views_per_session")).isEqualTo(1);
            long fullPasses = harness.counters.passes(SweepPass.FULL);

            // when: a phase 2 from 1 s moves its slot (carry-over: the page view at 2 s no longer counts), and stream
            // time passes the next sweep; the unit itself gets no input and is due only at 65 min
            harness.send(TopologyHarness.TOPICS.config(), Events.experiment("exp", UnitType.SESSION, 1_000L));
            trickle(harness, 3);

            // then: a full pass (of each of the four unit processors) took the page view back
            assertThat(harness.counters.passes(SweepPass.FULL)).isEqualTo(fullPasses + 4);
            assertThat(harness.sumY("exp", 1, "control", "page_views_per_session")).isZero();
            assertIndexed(harness);
        }
    }

    /**
     * A session in "treatment" covered at {@code minute} (slot 9,000: never moved) with a page view a second later,
     * then two wall-clock punctuations (the next batches of a pass under way).
     */
    private static void trickle(TopologyHarness harness, int minute) {
        String session = "s" + minute;
        harness.send(TopologyHarness.TOPICS.coverage(), Events.coverage("exp", 1, "treatment", UnitType.SESSION,
                session, session, 9_000, minute * MINUTE));
        harness.send(TopologyHarness.TOPICS.events(),
                Events.event("p" + minute, TrackingType.PAGE_VIEW, session, null, minute * MINUTE + 1_000));
        harness.advanceWallClock(Duration.ofMillis(100));
        harness.advanceWallClock(Duration.ofMillis(100));
    }

    /** Exactly one index entry per unit, at the unit's due time, for the exposures' and the assignment counts' stores. */
    private static void assertIndexed(TopologyHarness harness) {
        assertIndexed(harness, ReportingTopology.SESSION_UNITS_STORE, ReportingTopology.SESSION_DUE_STORE);
        assertIndexed(harness, ReportingTopology.SESSION_ASSIGNED_STORE, ReportingTopology.SESSION_ASSIGNED_DUE_STORE);
    }

    private static void assertIndexed(TopologyHarness harness, String unitStore, String dueStore) {
        Attribution attribution = new Attribution(SETTINGS);
        List<String> expected = new ArrayList<>();
        KeyValueStore<String, UnitState> units = harness.driver.getKeyValueStore(unitStore);
        try (KeyValueIterator<String, UnitState> all = units.all()) {
            all.forEachRemaining(kv -> expected.add(DueIndex.key(attribution.dueAt(kv.value), kv.key)));
        }
        List<KeyValue<String, String>> entries = new ArrayList<>();
        KeyValueStore<String, String> index = harness.driver.getKeyValueStore(dueStore);
        try (KeyValueIterator<String, String> all = index.all()) {
            all.forEachRemaining(entries::add);
        }
        assertThat(entries).extracting(kv -> kv.key).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(entries).allSatisfy(kv -> assertThat(kv.key).endsWith(kv.value));
    }
}
