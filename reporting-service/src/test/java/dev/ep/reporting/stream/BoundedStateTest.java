package dev.ep.reporting.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.AttributionSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
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
            int session = 0;
            for (long t = 0; t <= 6 * HOUR; t += STEP) {
                for (int i = 0; i < SESSIONS_PER_STEP; i++, session++) {
                    String id = "s" + session;
                    harness.send(TopologyHarness.TOPICS.coverage(),
                            Events.sessionCoverage("exp", session % 2 == 0 ? "control" : "treatment", id, t));
                    harness.send(TopologyHarness.TOPICS.events(),
                            Events.event("e" + session, TrackingType.PAGE_VIEW, id, null, t + 1));
                }
                if (t % HOUR == 0) {
                    unitsPerHour.add(count(harness.driver.getKeyValueStore(ReportingTopology.UNITS_STORE)));
                }
            }

            long perHour = SESSIONS_PER_STEP * (HOUR / STEP);
            long bound = (2 * HOUR + 2 * STEP) / STEP * SESSIONS_PER_STEP;
            assertThat(unitsPerHour.get(1)).as("grows during the first hours").isGreaterThan(perHour / 2);
            assertThat(unitsPerHour.subList(3, unitsPerHour.size())).as("levels off within memory + one sweep")
                    .allSatisfy(n -> assertThat(n).isBetween(2 * perHour - SESSIONS_PER_STEP, bound));
            assertThat(session).isGreaterThan(2 * (int) bound);
            assertThat(count(harness.driver.getKeyValueStore(ReportingTopology.ARMS_STORE))).isEqualTo(2);
            assertThat(harness.arm("exp", 1, "control").exposed() + harness.arm("exp", 1, "treatment").exposed())
                    .as("every unit counted once, although forgotten since").isEqualTo(session);
        }
    }

    private static long count(KeyValueStore<?, ?> store) {
        long n = 0;
        try (KeyValueIterator<?, ?> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }
}
