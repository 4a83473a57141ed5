package dev.ep.reporting.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.attribution.CustomMetric;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.UnitKind;
import dev.ep.reporting.attribution.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The upgrade path: units written by the version before the due index have no index entry. The first pass after a
 * task starts reads every unit, expires the due ones and indexes the rest; later passes read only the due ones.
 */
class DueSweepUpgradeTest {

    private static final AttributionSettings SETTINGS = new AttributionSettings(1_000, 100, 5_000);
    private static final Attribution ATTRIBUTION = new Attribution(SETTINGS);

    @Test
    void shouldIndexAndExpireUnitsWrittenBeforeTheIndexExisted() {
        // given: 7 units in the store and none in the index; 3 decided at 0 (due at 5,000), 4 at 4,000 (due 9,000)
        MockProcessorContext<String, ArmChange> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000);
        KeyValueStore<String, UnitState> units = store(context, "units", UnitCodecs.unitState());
        KeyValueStore<String, String> due = store(context, "due", Serdes.String());
        store(context, "pending", UnitCodecs.armChange());
        for (int i = 0; i < 7; i++) {
            units.put("SESSION/s" + i, decided(i < 3 ? 0 : 4_000));
        }
        StreamCounters counters = new StreamCounters();
        UnitProcessor processor = new UnitProcessor("units", "pending", "due", ATTRIBUTION, new ConfigView(),
                Duration.ofMinutes(1), 2, Duration.ofMillis(50), counters);
        processor.init(context);

        // when: the first pass after the start, at 6,000, two units at a time
        context.setCurrentStreamTimeMs(6_000);
        fire(context, PunctuationType.STREAM_TIME);
        for (int tick = 0; tick < 4; tick++) {
            fire(context, PunctuationType.WALL_CLOCK_TIME);
        }

        // then: every unit read once; the 3 due ones deleted, the 4 others indexed at their due time
        assertThat(counters.passes(SweepPass.FULL)).isEqualTo(1);
        assertThat(counters.swept(SweepPass.FULL)).isEqualTo(7);
        assertThat(keys(units)).containsExactlyInAnyOrder("SESSION/s3", "SESSION/s4", "SESSION/s5", "SESSION/s6");
        assertThat(keys(due)).containsExactlyInAnyOrder(DueIndex.key(9_000, "SESSION/s3"),
                DueIndex.key(9_000, "SESSION/s4"), DueIndex.key(9_000, "SESSION/s5"),
                DueIndex.key(9_000, "SESSION/s6"));

        // when: later passes, before and at the due time of the rest
        context.setCurrentStreamTimeMs(8_999);
        fire(context, PunctuationType.STREAM_TIME);
        assertThat(counters.passes(SweepPass.DUE)).isEqualTo(1);
        assertThat(counters.swept(SweepPass.DUE)).as("nothing due: nothing read").isZero();
        context.setCurrentStreamTimeMs(9_000);
        fire(context, PunctuationType.STREAM_TIME);
        for (int tick = 0; tick < 3; tick++) {
            fire(context, PunctuationType.WALL_CLOCK_TIME);
        }

        // then: only the 4 due units read, and deleted with their entries
        assertThat(counters.swept(SweepPass.DUE)).isEqualTo(4);
        assertThat(counters.swept(SweepPass.FULL)).isEqualTo(7);
        assertThat(keys(units)).isEmpty();
        assertThat(keys(due)).isEmpty();
    }

    @Test
    void shouldPassOverEveryUnitAgainWhenTheCatalogChanges() {
        // given: a task whose first full pass is done
        MockProcessorContext<String, ArmChange> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000);
        KeyValueStore<String, UnitState> units = store(context, "units", UnitCodecs.unitState());
        store(context, "due", Serdes.String());
        store(context, "pending", UnitCodecs.armChange());
        units.put("SESSION/s", decided(0));
        ConfigView config = new ConfigView();
        StreamCounters counters = new StreamCounters();
        UnitProcessor processor = new UnitProcessor("units", "pending", "due", ATTRIBUTION, config,
                Duration.ofMinutes(1), 250, Duration.ofMillis(50), counters);
        processor.init(context);
        context.setCurrentStreamTimeMs(1_000);
        fire(context, PunctuationType.STREAM_TIME);
        fire(context, PunctuationType.STREAM_TIME);
        assertThat(counters.passes(SweepPass.FULL)).isEqualTo(1);
        assertThat(counters.passes(SweepPass.DUE)).isEqualTo(1);

        // when: the catalog changes (here: a custom metric), then the next pass
        config.set(new ConfigSnapshot(new Catalog(Map.of(), List.of(
                new CustomMetric("signups", "signup", CustomMetric.Aggregation.COUNT))), Map.of(), 0));
        fire(context, PunctuationType.STREAM_TIME);

        // then: a full pass again, the unit read
        assertThat(counters.passes(SweepPass.FULL)).isEqualTo(2);
        assertThat(counters.swept(SweepPass.FULL)).isEqualTo(2);
    }

    /** A unit assigned at {@code time}: due when its marker is forgotten, memory (5,000) later. */
    private static UnitState decided(long time) {
        return ATTRIBUTION.apply(UnitState.empty(UnitKind.SESSION),
                new Decision(time, 1, List.of(new Decision.Assigned("exp", 1, "control", false)), null),
                Catalog.EMPTY, time).next();
    }

    private static void fire(MockProcessorContext<?, ?> context, PunctuationType type) {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == type && !p.cancelled())
                .forEach(p -> p.getPunctuator().punctuate(context.currentStreamTimeMs()));
    }

    private static <V> KeyValueStore<String, V> store(MockProcessorContext<?, ?> context, String name,
                                                      Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), serde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    private static List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
