package dev.ep.reporting.stream;

import static dev.ep.reporting.stream.TopologyHarness.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.UnitState;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Steady traffic for hours of stream time: the per-unit store levels off at the units active within the memory
 * bound instead of growing with every unit ever seen, and the arm store stays at one entry per arm.
 */
class BoundedStateTest {

    static final long HOUR = Duration.ofHours(1).toMillis();
    static final long STEP = Duration.ofMinutes(10).toMillis();
    static final int SESSIONS_PER_STEP = 5;

    @Test
    void shouldKeepStoresFlatUnderSteadyTraffic() throws Exception {
        AttributionSettings settings = new AttributionSettings(HOUR, Duration.ofMinutes(5).toMillis(), 2 * HOUR);
        try (TopologyHarness harness = new TopologyHarness(settings, Duration.ofMinutes(10))) {
            harness.send(TopologyHarness.TOPICS.config(), Events.experiment("exp", UnitType.SESSION, null));
            List<Long> unitsPerHour = new ArrayList<>();
            List<Long> assignedPerHour = new ArrayList<>();
            int session = 0;
            for (long t = 0; t <= 6 * HOUR; t += STEP) {
                for (int i = 0; i < SESSIONS_PER_STEP; i++, session++) {
                    String id = "s" + session;
                    String arm = session % 2 == 0 ? "control" : "treatment";
                    harness.send(TopologyHarness.TOPICS.assignments(), Events.decision(id, "exp", arm, false, null, t));
                    harness.send(TopologyHarness.TOPICS.coverage(), Events.sessionCoverage("exp", arm, id, t));
                    harness.send(TopologyHarness.TOPICS.events(),
                            Events.event("e" + session, TrackingType.PAGE_VIEW, id, null, t + 1));
                }
                if (t % HOUR == 0) {
                    unitsPerHour.add(count(harness.driver.getKeyValueStore(ReportingTopology.SESSION_UNITS_STORE)));
                    assignedPerHour.add(count(harness.driver.getKeyValueStore(
                            ReportingTopology.SESSION_ASSIGNED_STORE)));
                }
            }

            long perHour = SESSIONS_PER_STEP * (HOUR / STEP);
            long bound = (2 * HOUR + 2 * STEP) / STEP * SESSIONS_PER_STEP;
            assertThat(unitsPerHour.get(1)).as("grows during the first hours").isGreaterThan(perHour / 2);
            assertThat(unitsPerHour.subList(3, unitsPerHour.size())).as("levels off within memory + one sweep")
                    .allSatisfy(n -> assertThat(n).isBetween(2 * perHour - SESSIONS_PER_STEP, bound));
            assertThat(assignedPerHour.subList(3, assignedPerHour.size()))
                    .as("the assignment markers (their own store) level off the same way")
                    .allSatisfy(n -> assertThat(n).isBetween(2 * perHour - SESSIONS_PER_STEP, bound));
            assertThat(session).isGreaterThan(2 * (int) bound);
            assertThat(harness.arm("exp", 1, "control").assigned() + harness.arm("exp", 1, "treatment").assigned())
                    .as("every unit counted once on assignment").isEqualTo(session);
            assertThat(count(harness.driver.getKeyValueStore(ReportingTopology.ARMS_STORE))).isEqualTo(2);
            assertThat(harness.arm("exp", 1, "control").exposed() + harness.arm("exp", 1, "treatment").exposed())
                    .as("every unit counted once, although forgotten since").isEqualTo(session);
        }
    }

    @Test
    void shouldKeepUserHistoryFlatUnderSteadyTrafficAcrossDays() throws Exception {
        // given: P = 1 day, H = 1 day: a user's history days are kept 1 day + window + grace after their start
        long day = Duration.ofDays(1).toMillis();
        AttributionSettings settings = new AttributionSettings(HOUR, Duration.ofMinutes(5).toMillis(), 2 * HOUR,
                1, 1);
        try (TopologyHarness harness = new TopologyHarness(settings, Duration.ofMinutes(10))) {
            harness.send(TopologyHarness.TOPICS.config(), Events.experiment("users", UnitType.USER, null));
            List<Long> unitsAtNoon = new ArrayList<>();
            List<Integer> loyalDays = new ArrayList<>();
            int user = 0;
            for (long t = 0; t <= 5 * day + 12 * HOUR; t += 2 * HOUR) {
                for (int i = 0; i < 2; i++, user++) {
                    String id = "u" + user;
                    harness.send(TopologyHarness.TOPICS.coverage(), Events.coverage("users", 1,
                            user % 2 == 0 ? "control" : "treatment", UnitType.USER, id, "s" + user, 100, t));
                    harness.send(TopologyHarness.TOPICS.events(),
                            Events.event("e" + user, TrackingType.PAGE_VIEW, "s" + user, id, t + 1));
                }
                // one user active every step, for days: its history must not grow with them
                harness.send(TopologyHarness.TOPICS.events(),
                        Events.event("l" + t, TrackingType.ADD_TO_CART, "loyal-" + t, "loyal", t + 2));
                if (t % day == 12 * HOUR && t >= 2 * day) {
                    KeyValueStore<String, UnitState> users = harness.driver.getKeyValueStore(
                            ReportingTopology.USER_UNITS_STORE);
                    unitsAtNoon.add(count(users)
                            + count(harness.driver.getKeyValueStore(ReportingTopology.SESSION_UNITS_STORE)));
                    loyalDays.add(users.get("USER/loyal").history().days().size());
                }
            }

            // then: users leave 1 to 2 days after their last activity, so the store levels off
            assertThat(unitsAtNoon).as("at noon: today's users (7 steps x 2), recent sessions, the loyal user")
                    .hasSize(4).allSatisfy(n -> assertThat(n).isBetween(15L, 30L));
            assertThat(unitsAtNoon.stream().mapToLong(Long::longValue).max().getAsLong()
                    - unitsAtNoon.stream().mapToLong(Long::longValue).min().getAsLong()).isLessThanOrEqualTo(2);
            assertThat(user).isGreaterThan(4 * 30);
            assertThat(loyalDays).as("days kept: 1 day + window + grace after their start")
                    .allSatisfy(n -> assertThat(n).isBetween(1, 2));
            assertThat(harness.arm("users", 1, "control").exposed() + harness.arm("users", 1, "treatment").exposed())
                    .isEqualTo(user);
        }
    }

    @Test
    void shouldSweepALargeStoreInBatchesAcrossWallClockPunctuations() throws Exception {
        // given: 10 sessions exposed at 0 and forgotten after memory (2 h); sweeps of at most 3 units at a time
        AttributionSettings settings = new AttributionSettings(HOUR, Duration.ofMinutes(5).toMillis(), 2 * HOUR);
        try (TopologyHarness harness = new TopologyHarness(settings, Duration.ofMinutes(10), Duration.ZERO,
                Duration.ZERO, Files.createTempDirectory("reporting-ttd"), 1, 3)) {
            harness.send(TopologyHarness.TOPICS.config(), Events.experiment("exp", UnitType.SESSION, null));
            for (int i = 0; i < 10; i++) {
                harness.send(TopologyHarness.TOPICS.coverage(), Events.sessionCoverage("exp", "control", "s" + i, 0));
            }
            KeyValueStore<String, UnitState> units = harness.driver.getKeyValueStore(
                    ReportingTopology.SESSION_UNITS_STORE);
            assertThat(count(units)).isEqualTo(10);

            // when: stream time moves 3 h on (one more session): a sweep starts, with one batch
            harness.send(TopologyHarness.TOPICS.coverage(), Events.sessionCoverage("exp", "control", "late", 3 * HOUR));

            // then: at most 3 units visited now (the new one among them or not), the rest at each wall-clock tick
            assertThat(count(units)).isBetween(11L - 3, 11L - 2);
            List<Long> afterTicks = new ArrayList<>();
            for (int tick = 0; tick < 5; tick++) {
                harness.advanceWallClock(Duration.ofMillis(100));
                afterTicks.add(count(units));
            }
            assertThat(afterTicks.get(0)).as("one more batch per tick").isBetween(11L - 6, 11L - 5);
            assertThat(afterTicks.get(afterTicks.size() - 1)).as("every forgotten unit deleted, the new one kept")
                    .isEqualTo(1);
            assertThat(units.get("SESSION/late")).isNotNull();
            assertThat(harness.arm("exp", 1, "control").exposed()).as("forgotten units stay counted").isEqualTo(11);
        }
    }
}
