package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.reporting.attribution.ArmDelta;
import dev.ep.reporting.attribution.ArmTotals;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the exact sums of each arm (records arrive keyed by arm): subtracts a unit's previous contribution, adds
 * its new one, and forwards the arm's new totals to {@code ep.results}. One entry per (experiment, phase,
 * treatment): bounded by the configuration, not by traffic.
 */
final class ArmProcessor implements Processor<String, ArmDelta, String, ArmResult> {

    private final String storeName;
    private ProcessorContext<String, ArmResult> context;
    private KeyValueStore<String, ArmTotals> store;

    ArmProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, ArmResult> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, ArmDelta> record) {
        ArmDelta delta = record.value();
        ArmTotals totals = store.get(record.key());
        ArmTotals next = (totals == null ? ArmTotals.empty(delta.arm()) : totals).apply(delta);
        store.put(record.key(), next);
        context.forward(new Record<>(record.key(), ArmResults.toAvro(next), record.timestamp()));
    }
}
