package dev.ep.assignment.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration as applied so far: the latest definition per record key, and the highest sequence applied (the
 * configuration version). Applies changes strictly in sequence order: a change whose sequence is not above the last
 * applied one is a duplicate or a stale re-delivery and is ignored. Tombstones carry no sequence and are applied in
 * log order. Not thread-safe: one owner (the config consumer) applies, then {@link #compile()}s an immutable
 * {@link CompiledConfig} that any number of threads read.
 */
public final class ConfigLog {

    /** Record key of the platform holdout. */
    public static final String HOLDOUT_KEY = "holdout";

    private final Map<String, ExperimentDefinition> experiments = new TreeMap<>();
    private final Map<String, LayerDefinition> layers = new TreeMap<>();
    private HoldoutDefinition holdout;
    private long lastSequence = -1;

    /** Applies one change; {@code false} when it was stale (sequence not above the last applied) and ignored. */
    public boolean apply(ConfigChange change) {
        long sequence = change.sequence();
        boolean tombstone = change instanceof ConfigChange.Removed && sequence < 0;
        if (!tombstone) {
            if (sequence <= lastSequence) {
                return false;
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
        return true;
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
