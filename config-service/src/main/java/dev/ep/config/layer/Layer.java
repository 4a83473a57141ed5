package dev.ep.config.layer;

import dev.ep.config.problem.Checks;

/**
 * A layer: an independent hash space of {@value #BUCKETS} buckets. Experiments in one layer are
 * mutually exclusive (each owns disjoint buckets); different layers are orthogonal.
 */
public record Layer(LayerId id, String name, String description) {

    public static final int BUCKETS = 10_000;
    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 2_000;

    public Layer {
        Checks.notNull("id", id);
        name = Checks.required("name", name, MAX_NAME);
        description = Checks.optional("description", description, MAX_DESCRIPTION);
    }

    /** The default layer, created once when the platform starts with an empty event store. */
    public static Layer defaultLayer() {
        return new Layer(LayerId.DEFAULT, "Default layer", "Experiments that need no layer of their own.");
    }
}
