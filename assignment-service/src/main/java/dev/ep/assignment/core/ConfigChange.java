package dev.ep.assignment.core;

import java.util.Objects;

/**
 * One record of the configuration topic, converted: the new state of an aggregate, its removal, or a record that
 * only advances the configuration version (metrics, aggregate kinds this service does not use).
 */
public sealed interface ConfigChange {

    /** The record key ({@code experiment:<id>}, {@code layer:<id>}, {@code holdout}, ...). */
    String key();

    /** The global sequence; {@code -1} for a Kafka tombstone, which carries none. */
    long sequence();

    record ExperimentPut(String key, long sequence, ExperimentDefinition experiment) implements ConfigChange {
        public ExperimentPut {
            Objects.requireNonNull(experiment, "experiment");
        }
    }

    record LayerPut(String key, long sequence, LayerDefinition layer) implements ConfigChange {
        public LayerPut {
            Objects.requireNonNull(layer, "layer");
        }
    }

    record HoldoutPut(String key, long sequence, HoldoutDefinition holdout) implements ConfigChange {
        public HoldoutPut {
            Objects.requireNonNull(holdout, "holdout");
        }
    }

    /** {@code deleted=true} snapshot ({@code sequence >= 0}) or a tombstone ({@code sequence = -1}). */
    record Removed(String key, long sequence) implements ConfigChange {
    }

    /** A record this service keeps no state for (a metric, an unknown aggregate kind): advances the version only. */
    record Ignored(String key, long sequence) implements ConfigChange {
    }
}
