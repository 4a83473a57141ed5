package dev.ep.reporting.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.events.v1.ArmResult;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmDelta;
import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams revives a task whose transaction failed or was aborted (exactly-once v2): the task is closed dirty,
 * its stores are restored to the last commit, and {@code init} runs again on the <b>same</b> processor instances,
 * before the uncommitted inputs are processed again. Whatever a processor keeps in memory beside its stores must be
 * rebuilt from the restored stores then, or the aborted transaction's work is counted twice.
 */
class TaskReviveTest {

    private static final AttributionSettings SETTINGS = new AttributionSettings(TopologyHarness.WINDOW,
            TopologyHarness.GRACE, 10 * TopologyHarness.WINDOW);
    private static final Duration EVERY = Duration.ofMillis(50);

    private static <V> KeyValueStore<String, V> store(MockProcessorContext<?, ?> context, String name,
                                                      org.apache.kafka.common.serialization.Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), serde).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }

    /** The restoration to the last commit, which had none of this: empty stores. */
    private static void restoreToEmpty(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete);
    }

    private static void fireWallClock(MockProcessorContext<?, ?> context) {
        context.scheduledPunctuators().stream()
                .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME && !p.cancelled())
                .forEach(p -> p.getPunctuator().punctuate(context.currentSystemTimeMs()));
    }

    @Test
    void shouldNotForwardTheSumsOfAnAbortedTransactionWhenTheUnitTaskIsRevived() {
        // given: a decision processed, its assignment added up but not forwarded, in a transaction that is aborted
        MockProcessorContext<String, ArmChange> context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(1_000);
        context.setCurrentSystemTimeMs(1_000);
        KeyValueStore<String, UnitState> units = store(context, "units", UnitCodecs.unitState());
        KeyValueStore<String, ArmChange> pending = store(context, "pending", UnitCodecs.armChange());
        KeyValueStore<String, String> due = store(context, "due", Serdes.String());
        Attribution attribution = new Attribution(SETTINGS);
        UnitProcessor processor = new UnitProcessor("units", "pending", "due", attribution, new ConfigView(),
                Duration.ofMinutes(1), 250, EVERY, new StreamCounters());
        processor.init(context);
        Record<String, UnitMessage> decision = new Record<>("SESSION/s1", UnitMessage.of(new Decision(1_000, 10,
                List.of(new Decision.Assigned("exp", 1, "control", false)), null)), 1_000);
        processor.process(decision);

        // when: the task is revived (stores restored to the last commit, init again) and the input processed again
        restoreToEmpty(units);
        restoreToEmpty(pending);
        restoreToEmpty(due);
        processor.init(context);
        processor.process(decision);
        fireWallClock(context);

        // then: the unit is assigned once
        assertThat(context.forwarded()).hasSize(1);
        ArmChange forwarded = context.forwarded().get(0).record().value();
        assertThat(forwarded.arm()).isEqualTo(new ArmKey("exp", 1, "control"));
        assertThat(forwarded.assigned()).isEqualTo(1);
        // and the unit has exactly its one due-index entry, restored and written again with it
        assertThat(keys(due)).containsExactly(DueIndex.key(attribution.dueAt(units.get("SESSION/s1")), "SESSION/s1"));
    }

    private static List<String> keys(KeyValueStore<String, ?> store) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ?> all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    @Test
    void shouldNotAddToTheTotalsOfAnAbortedTransactionWhenTheArmTaskIsRevived() {
        // given: the first change of an arm applied in a transaction that is aborted
        MockProcessorContext<String, ArmResult> context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(1_000);
        context.setCurrentSystemTimeMs(1_000);
        KeyValueStore<String, ArmTotals> arms = store(context, "arms", UnitCodecs.armTotals());
        ArmProcessor processor = new ArmProcessor("arms", Duration.ofMillis(100));
        processor.init(context);
        ArmKey arm = new ArmKey("exp", 1, "control");
        Record<String, ArmChange> change = new Record<>(arm.text(),
                ArmChange.of(new ArmDelta(arm, null, null, 1, 1_000, 10)), 1_000);
        processor.process(change);

        // when: the task is revived (the arm store restored to the last commit: without the arm) and the change
        // processed again
        restoreToEmpty(arms);
        processor.init(context);
        processor.process(change);
        fireWallClock(context);

        // then: the arm's totals count the change once, in the store and in what is published
        assertThat(arms.get(arm.text()).assigned()).isEqualTo(1);
        List<KeyValue<String, ArmResult>> published = context.forwarded().stream()
                .map(f -> KeyValue.pair(f.record().key(), f.record().value())).toList();
        assertThat(published).hasSize(1);
        assertThat(ArmResults.fromAvro(published.get(0).value).assigned()).isEqualTo(1);
    }
}
