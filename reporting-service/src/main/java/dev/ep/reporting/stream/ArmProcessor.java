package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmTotals;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the exact sums of each arm (records arrive keyed by arm, each the sum of some units' changes, see
 * {@link UnitProcessor}): adds the change (units' previous contributions taken away, their new ones added), and writes the arm's new totals to its store (so they are part of the same exactly-once transaction
 * as the delta's offset). One entry per (experiment, phase, treatment): bounded by the configuration, not by traffic.
 *
 * <p>The totals go to {@code ep.results} once per {@code emitEvery} of wall-clock time for each arm that changed in
 * it, not once per delta: every delta of one arm is handled by one task, and at thousands of decisions a second
 * a record per delta (and its decoding again on every instance's global thread) made this hop the stream's
 * bottleneck (the freshness benchmark). {@code ep.results} is compacted and holds an arm's latest totals, so an
 * arm's intermediate totals need not be published. What changed but was not yet published when a task stops is
 * published by its next owner: at start every arm of the task is published once. With {@code emitEvery} zero
 * every delta is published at once (the topology tests). The totals of an arm are cached in memory (write-through,
 * one entry per arm of the task), so a delta costs no store read.
 */
final class ArmProcessor implements Processor<String, ArmChange, String, ArmResult> {

    private final String storeName;
    private final Duration emitEvery;
    private final Map<String, ArmTotals> totals = new HashMap<>();
    private final Map<String, Long> changed = new LinkedHashMap<>(); // arm → timestamp of its latest delta
    private ProcessorContext<String, ArmResult> context;
    private KeyValueStore<String, ArmTotals> store;

    ArmProcessor(String storeName, Duration emitEvery) {
        this.storeName = storeName;
        this.emitEvery = emitEvery;
    }

    @Override
    public void init(ProcessorContext<String, ArmResult> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // init runs again on the same instance when Kafka Streams revives a task (closed dirty, stores restored)
        totals.clear();
        changed.clear();
        if (!emitEvery.isZero()) {
            long now = context.currentSystemTimeMs();
            try (KeyValueIterator<String, ArmTotals> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, ArmTotals> arm = all.next();
                    totals.put(arm.key, arm.value);
                    changed.put(arm.key, now);
                }
            }
            context.schedule(emitEvery, PunctuationType.WALL_CLOCK_TIME, this::emit);
        }
    }

    @Override
    public void process(Record<String, ArmChange> record) {
        ArmChange change = record.value();
        ArmTotals current = totals.containsKey(record.key()) ? totals.get(record.key()) : store.get(record.key());
        ArmTotals next = (current == null ? ArmTotals.empty(change.arm()) : current).apply(change);
        store.put(record.key(), next);
        if (emitEvery.isZero()) {
            context.forward(new Record<>(record.key(), ArmResults.toAvro(next), record.timestamp()));
            return;
        }
        totals.put(record.key(), next);
        changed.merge(record.key(), record.timestamp(), Math::max);
    }

    private void emit(long wallClock) {
        changed.forEach((arm, timestamp) ->
                context.forward(new Record<>(arm, ArmResults.toAvro(totals.get(arm)), timestamp)));
        changed.clear();
    }
}
