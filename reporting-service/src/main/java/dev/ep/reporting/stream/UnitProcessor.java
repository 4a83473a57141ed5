package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmDelta;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.UnitKind;
import dev.ep.reporting.attribution.UnitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies {@link Attribution} to each unit's inputs (the records arrive keyed by unit) and forwards the arms'
 * changes keyed by arm. On stream time, sweeps the units something of which has expired, so exposures close and
 * expired state is deleted even for units that see no more input: the store's size is bounded by the units active
 * within memory (README).
 *
 * <p><b>Sweep.</b> Each {@code sweep} of stream time a pass starts. A {@link SweepPass#DUE} pass reads only the units
 * whose due time ({@link Attribution#dueAt}) has come, from the index {@code dueStoreName} ({@link DueIndex}, kept in
 * step with every write of a unit); a {@link SweepPass#FULL} pass reads every unit and writes any missing index entry.
 * A full pass is the first after the task starts (state written before the index existed; a catalog that changed
 * while the task was not here) and the first after the catalog changed (a stop or a phase can change an open
 * exposure's contribution at any time, see {@link Attribution#dueAt}). Both go at most {@code sweepBatch} units at a
 * time (see {@link #startSweep}).
 *
 * <p><b>Combiner.</b> With {@code combineEvery} above zero the deltas are not forwarded one by one: they are added up
 * per arm ({@link ArmChange}) in the store {@code pendingStoreName}, and a wall-clock punctuator forwards each arm's
 * sum and deletes it every {@code combineEvery}. Every delta of one arm goes to one task downstream, so at thousands
 * of decisions a second a record per delta made the {@code arms} hop the stream's bottleneck; now that hop gets one
 * record per arm per interval per task. The sums live in a changelogged store written in the same exactly-once
 * transaction as the inputs' offsets (the map beside it is only its working copy, rebuilt from the store at start),
 * so a crash between a delta and its forwarding neither loses nor doubles it. The store holds at most one entry per
 * arm that changed since the last punctuation. With {@code combineEvery} zero every delta is forwarded at once (the
 * topology tests).
 */
final class UnitProcessor implements Processor<String, UnitMessage, String, ArmChange> {

    private final String storeName;
    private final String pendingStoreName;
    private final String dueStoreName;
    private final Attribution attribution;
    private final ConfigView config;
    private final Duration sweep;
    private final Duration combineEvery;
    private final StreamCounters counters;
    private final int sweepBatch;
    private final Map<String, ArmChange> pendingCopy = new LinkedHashMap<>();
    /** The pass under way, null when none is. */
    private SweepPass pass;
    private boolean passDue;
    /** Where the pass under way goes on: after this unit key (full) or index key (due). */
    private String cursor;
    /** The catalog of the last full pass since the task started; null before the first. */
    private Catalog sweptCatalog;
    /** A full pass ended since the task started: every unit has its index entry (later writes move it). */
    private boolean indexComplete;
    private ProcessorContext<String, ArmChange> context;
    private KeyValueStore<String, UnitState> store;
    private KeyValueStore<String, ArmChange> pending;
    private DueIndex index;

    UnitProcessor(String storeName, String pendingStoreName, String dueStoreName, Attribution attribution,
                  ConfigView config, Duration sweep, int sweepBatch, Duration combineEvery, StreamCounters counters) {
        if (sweepBatch < 1) {
            throw new IllegalArgumentException("sweepBatch must be at least 1, got " + sweepBatch);
        }
        this.sweepBatch = sweepBatch;
        this.storeName = storeName;
        this.pendingStoreName = pendingStoreName;
        this.dueStoreName = dueStoreName;
        this.attribution = attribution;
        this.config = config;
        this.sweep = sweep;
        this.combineEvery = combineEvery;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, ArmChange> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.pending = context.getStateStore(pendingStoreName);
        this.index = new DueIndex(context.getStateStore(dueStoreName), attribution);
        // Kafka Streams calls init again on the same instance when it revives a task (closed dirty after a failed or
        // aborted transaction, its stores restored from the changelog): nothing kept in memory may survive that.
        pendingCopy.clear();
        pass = null;
        passDue = false;
        cursor = null;
        sweptCatalog = null;
        indexComplete = false;
        // what was added up but not forwarded before the task stopped (restored from the changelog)
        try (KeyValueIterator<String, ArmChange> all = pending.all()) {
            all.forEachRemaining(kv -> pendingCopy.put(kv.key, kv.value));
        }
        context.schedule(sweep, PunctuationType.STREAM_TIME, this::startSweep);
        // with combineEvery zero nothing is added up, but sums left by a run that combined are still forwarded
        context.schedule(combineEvery.isZero() ? Duration.ofMillis(100) : combineEvery,
                PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, UnitMessage> record) {
        UnitState stored = store.get(record.key());
        Attribution.Step step = attribution.apply(current(record.key(), stored), record.value().input(),
                config.get().catalog(), context.currentStreamTimeMs());
        counters.count(step.outcome());
        // An input that changed nothing but the unit's clock (a repeat decision, a duplicate, a late event) is not
        // written back: no serialization, no cache entry, no changelog record; see the sweep for why the older clock
        // is harmless.
        if (stored != null && step.deltas().isEmpty() && step.next() != null && step.next().sameApartFromClock(stored)) {
            return;
        }
        save(record.key(), stored, step, record.timestamp());
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

    /**
     * Starts a pass (each {@code sweep} of stream time), or marks another one due when a pass is still under way: a
     * full pass when the catalog is not the one of the last full pass since the task started, else a pass over the
     * due units. A pass visits the units in key (or due) order, at most {@code sweepBatch} at a time: the first batch
     * now, the rest at the wall-clock punctuation (every {@code combineEvery}, at least every 100 ms). So a store of
     * many units never holds the thread (and every probe, and the commit) for the whole store at once: at 2,000 new
     * sessions a second a pass over all of them took seconds.
     */
    private void startSweep(long streamTime) {
        if (pass != null) {
            passDue = true;
            return;
        }
        Catalog catalog = config.get().catalog();
        if (catalog.equals(sweptCatalog)) {
            pass = SweepPass.DUE;
        } else {
            pass = SweepPass.FULL;
            sweptCatalog = catalog;
        }
        cursor = null;
        counters.passStarted(pass);
        continueSweep();
    }

    /** One batch of the current pass, from after the last unit swept, at the current stream time. */
    private void continueSweep() {
        if (pass == null) {
            return;
        }
        long streamTime = context.currentStreamTimeMs();
        boolean more = pass == SweepPass.FULL ? fullBatch(streamTime) : dueBatch(streamTime);
        if (more) {
            return;
        }
        indexComplete |= pass == SweepPass.FULL;
        pass = null;
        cursor = null;
        if (passDue) {
            passDue = false;
            startSweep(streamTime);
        }
    }

    /**
     * A batch of a full pass: expires each unit and, until a full pass has ended since the task started (state written
     * before the index existed), writes the missing entries of the units it leaves as they were. True when more.
     */
    private boolean fullBatch(long streamTime) {
        List<KeyValue<String, UnitState>> units = new ArrayList<>();
        boolean more;
        try (KeyValueIterator<String, UnitState> next = store.range(cursor, null)) {
            while (next.hasNext() && units.size() < sweepBatch) {
                KeyValue<String, UnitState> unit = next.next();
                if (!unit.key.equals(cursor)) { // the range starts at the cursor itself
                    units.add(unit);
                }
            }
            more = next.hasNext();
        }
        for (KeyValue<String, UnitState> unit : units) {
            counters.unitSwept(SweepPass.FULL);
            if (!expire(unit.key, unit.value, streamTime) && !indexComplete) {
                index.ensure(unit.key, unit.value);
            }
        }
        if (more && !units.isEmpty()) {
            cursor = units.get(units.size() - 1).key;
            return true;
        }
        return false;
    }

    /** A batch of a due pass: expires each unit whose due time has come. True when more are due. */
    private boolean dueBatch(long streamTime) {
        DueIndex.Batch batch = index.dueBy(streamTime, cursor, sweepBatch);
        for (DueIndex.Entry entry : batch.entries()) {
            counters.unitSwept(SweepPass.DUE);
            UnitState unit = store.get(entry.unit());
            if (unit == null) { // cannot happen (the entry moves with every write); an entry of nothing is dropped
                index.remove(entry);
                continue;
            }
            if (attribution.dueAt(unit) != entry.due()) { // cannot happen either: the entry is put right
                index.remove(entry);
                index.ensure(entry.unit(), unit);
            }
            expire(entry.unit(), unit, streamTime);
        }
        if (batch.more()) {
            cursor = batch.entries().get(batch.entries().size() - 1).key();
            return true;
        }
        return false;
    }

    /**
     * Expires the unit at the stream time; true when that changed it (written, its index entry moved). A unit the
     * sweep only moved to the new stream time is not written again (no store write, no changelog record): its
     * stored clock stays older, which changes nothing, because every later input is applied at a stream time at
     * least this one (stream time never goes back, also not across a restart), and its due time is the same.
     */
    private boolean expire(String unitKey, UnitState unit, long streamTime) {
        Attribution.Step step = attribution.expire(current(unitKey, unit), config.get().catalog(), streamTime);
        if (step.deltas().isEmpty() && step.next() != null && step.next().sameApartFromClock(unit)) {
            return false;
        }
        save(unitKey, unit, step, streamTime);
        return true;
    }

    /** The wall-clock punctuation: the next batch of a sweep under way, then the arms' added-up changes. */
    private void onWallClock(long wallClock) {
        continueSweep();
        forwardPending();
    }

    /** Writes the unit's next state (or deletes it), moves its index entry, and adds up or forwards its deltas. */
    private void save(String unit, UnitState stored, Attribution.Step step, long timestamp) {
        if (step.next() == null) {
            store.delete(unit);
        } else {
            store.put(unit, step.next());
        }
        index.move(unit, stored, step.next());
        List<String> changed = new ArrayList<>(2);
        for (ArmDelta delta : step.deltas()) {
            String arm = delta.arm().text();
            if (combineEvery.isZero()) {
                context.forward(new Record<>(arm, ArmChange.of(delta), timestamp));
            } else {
                ArmChange sum = pendingCopy.get(arm);
                pendingCopy.put(arm, sum == null ? ArmChange.of(delta) : sum.plus(delta));
                if (!changed.contains(arm)) {
                    changed.add(arm);
                }
            }
        }
        // one store write per arm the input changed (a held-out decision changes the holdout arm twice)
        for (String arm : changed) {
            pending.put(arm, pendingCopy.get(arm));
        }
    }

    /**
     * Forwards the added-up sums, timestamped with the wall clock, not with their inputs' times: the aggregating task
     * reads four arm topics and, like every task, takes their records lowest timestamp first. Stamped with input
     * times, a coverage's change would wait there behind every change of older decisions still to come from the
     * assignments' sub-topology (README "Why the decisions have a sub-topology of their own"); stamped when
     * forwarded, changes are aggregated about in the order they were forwarded. The sum carries its inputs' latest
     * time itself ({@link ArmChange#time}: what the results are current to).
     */
    private void forwardPending() {
        long now = context.currentSystemTimeMs();
        pendingCopy.forEach((arm, sum) -> {
            context.forward(new Record<>(arm, sum, now));
            pending.delete(arm);
        });
        pendingCopy.clear();
    }
}
