package dev.ep.assignment.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration as applied so far: the latest definition per record key, and the highest sequence applied (the
 * configuration version). Applies changes strictly in sequence order: a change whose sequence is not above the last
 * applied one is a duplicate or a stale re-delivery and is ignored. Tombstones carry no sequence and are applied in
 * log order. Not thread-safe: one owner (the config consumer) applies, then {@link #compile()}s an immutable
 * {@link CompiledConfig} that any number of threads read.
 *
 * <p>Records are ordered by (epoch, sequence): config-service starts a new epoch when its database went back (restored
 * from a backup), and the sequences of the new epoch start again below values already applied. A change of an older
 * epoch than the current one is stale. The first sequenced change of a newer epoch sets the sequence baseline, even
 * below the last applied one ({@link Result#NEW_EPOCH}); the state of every other key is kept as it is, so the
 * assignments of aggregates the new epoch does not change stay where they are.
 */
public final class ConfigLog {

    /** Record key of the platform holdout. */
    public static final String HOLDOUT_KEY = "holdout";

    private final Map<String, ExperimentDefinition> experiments = new TreeMap<>();
    private final Map<String, LayerDefinition> layers = new TreeMap<>();
    private HoldoutDefinition holdout;
    private long lastSequence = -1;
    private long epoch;
    private boolean baselinePending;

    /** What {@link #apply(ConfigChange, long)} did. */
    public enum Result {
        /** Applied in order. */
        APPLIED,
        /** Ignored: a duplicate or stale sequence of the current epoch, or a change of an older epoch. */
        STALE,
        /** Applied as the first change of a newer epoch whose sequence went back: the baseline was reset. */
        NEW_EPOCH
    }

    /** Applies one change of the current epoch; {@code false} when it was stale and ignored. */
    public boolean apply(ConfigChange change) {
        return apply(change, epoch) != Result.STALE;
    }

    /** Applies one change of {@code epoch} (records in log order). */
    public Result apply(ConfigChange change, long epoch) {
        if (epoch < this.epoch) {
            return Result.STALE;
        }
        if (epoch > this.epoch) {
            this.epoch = epoch;
            baselinePending = true;
        }
        long sequence = change.sequence();
        boolean tombstone = change instanceof ConfigChange.Removed && sequence < 0;
        Result result = Result.APPLIED;
        if (!tombstone) {
            if (baselinePending) {
                baselinePending = false;
                if (sequence <= lastSequence) {
                    result = Result.NEW_EPOCH;
                }
            } else if (sequence <= lastSequence) {
                return Result.STALE;
            }
            lastSequence = sequence;
        }
        if (change instanceof ConfigChange.ExperimentPut put) {
            experiments.put(put.key(), put.experiment());
        } else if (change instanceof ConfigChange.LayerPut put) {
            layers.put(put.key(), put.layer());
        } else if (change instanceof ConfigChange.HoldoutPut put) {
            holdout = put.holdout();
        } else if (change instanceof ConfigChange.Removed removed) {
            experiments.remove(removed.key());
            layers.remove(removed.key());
            if (removed.key().equals(HOLDOUT_KEY)) {
                holdout = null;
            }
        }
        return result;
    }

    /** The epoch of the last applied change (0 before any epoch change). */
    public long epoch() {
        return epoch;
    }

    /**
     * Raises the version to {@code sequence} without a record (restoring a stored snapshot whose latest change was
     * a deletion, which leaves no record behind).
     */
    public void advanceTo(long sequence) {
        lastSequence = Math.max(lastSequence, sequence);
    }

    public long lastSequence() {
        return lastSequence;
    }

    public int size() {
        return experiments.size() + layers.size() + (holdout == null ? 0 : 1);
    }

    /** An immutable, precomputed view of the current state for the hot path. */
    public CompiledConfig compile() {
        return CompiledConfig.compile(lastSequence, layers.values(), experiments.values(), holdout);
    }
}
