package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.ArmDelta;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.UnitKind;
import dev.ep.reporting.attribution.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies {@link Attribution} to each unit's inputs (the records arrive keyed by unit) and forwards the arm deltas
 * keyed by arm. On stream time, sweeps every unit so exposures close and expired state is deleted even for units
 * that see no more input: the store's size is bounded by the units active within memory (README).
 */
final class UnitProcessor implements Processor<String, UnitMessage, String, ArmDelta> {

    private final String storeName;
    private final Attribution attribution;
    private final ConfigView config;
    private final Duration sweep;
    private final StreamCounters counters;
    private ProcessorContext<String, ArmDelta> context;
    private KeyValueStore<String, UnitState> store;

    UnitProcessor(String storeName, Attribution attribution, ConfigView config, Duration sweep,
                  StreamCounters counters) {
        this.storeName = storeName;
        this.attribution = attribution;
        this.config = config;
        this.sweep = sweep;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, ArmDelta> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(sweep, PunctuationType.STREAM_TIME, this::sweep);
    }

    @Override
    public void process(Record<String, UnitMessage> record) {
        UnitState state = store.get(record.key());
        Attribution.Step step = attribution.apply(current(record.key(), state), record.value().input(),
                config.get().catalog(), context.currentStreamTimeMs());
        counters.count(step.outcome());
        save(record.key(), step, record.timestamp());
    }

    /** The stored state, or a new one; state written before units had a kind gets the kind of its key. */
    private static UnitState current(String unitKey, UnitState stored) {
        UnitKind kind = kind(unitKey);
        if (stored == null) {
            return UnitState.empty(kind);
        }
        return stored.kind() == kind ? stored : new UnitState(stored.clock(), stored.exposures(), stored.events(),
                stored.assigned(), stored.heldOut(), kind, stored.history());
    }

    /** The unit's kind from its key ({@code unitType/unitId}, see {@link InputMapper#unitKey}). */
    static UnitKind kind(String unitKey) {
        return unitKey.startsWith(UnitType.USER.name() + "/") ? UnitKind.USER : UnitKind.SESSION;
    }

    private void sweep(long streamTime) {
        List<KeyValue<String, UnitState>> units = new ArrayList<>();
        try (KeyValueIterator<String, UnitState> all = store.all()) {
            all.forEachRemaining(units::add);
        }
        for (KeyValue<String, UnitState> unit : units) {
            save(unit.key, attribution.expire(current(unit.key, unit.value), config.get().catalog(), streamTime),
                    streamTime);
        }
    }

    private void save(String unit, Attribution.Step step, long timestamp) {
        if (step.next() == null) {
            store.delete(unit);
        } else {
            store.put(unit, step.next());
        }
        for (ArmDelta delta : step.deltas()) {
            context.forward(new Record<>(delta.arm().text(), delta, timestamp));
        }
    }
}
