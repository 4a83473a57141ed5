package dev.ep.config.change;

import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.MetricName;

/**
 * The aggregate an event belongs to; each has its own version (1 after its first event). Keys as
 * published: {@code experiment:<id>}, {@code layer:<id>}, {@code metric:<name>}, {@code holdout}.
 */
public record AggregateRef(Type type, String id) {

    public enum Type { LAYER, EXPERIMENT, HOLDOUT, METRIC }

    public static final AggregateRef HOLDOUT = new AggregateRef(Type.HOLDOUT, "holdout");

    public AggregateRef {
        if (type == null || id == null || id.isEmpty()) {
            throw new IllegalArgumentException("aggregate type and id are required");
        }
    }

    public static AggregateRef of(LayerId id) {
        return new AggregateRef(Type.LAYER, id.value());
    }

    public static AggregateRef of(ExperimentId id) {
        return new AggregateRef(Type.EXPERIMENT, id.value());
    }

    public static AggregateRef of(MetricName name) {
        return new AggregateRef(Type.METRIC, name.value());
    }

    /** The Kafka key of the aggregate. */
    public String key() {
        return type == Type.HOLDOUT ? "holdout" : type.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
