package dev.ep.config.layer;

import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.problem.Checks;

/**
 * A layer: an independent hash space of {@value #BUCKETS} buckets. Experiments in one layer are
 * mutually exclusive (each owns disjoint buckets); different layers are orthogonal.
 *
 * <p>A layer hashes one unit ({@code unit}, SESSION unless given, fixed at creation), and every experiment in it
 * must have that unit. Were a layer to mix units, a session would take its bucket from the session id in one
 * experiment and, once logged in, from the user id in another, and so hold two experiments of one layer.
 */
public record Layer(LayerId id, String name, String description, AssignmentUnit unit) {

    public static final int BUCKETS = 10_000;
    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 2_000;

    public Layer {
        Checks.notNull("id", id);
        name = Checks.required("name", name, MAX_NAME);
        description = Checks.optional("description", description, MAX_DESCRIPTION);
        unit = unit == null ? AssignmentUnit.SESSION : unit;
    }

    /** A SESSION layer. */
    public Layer(LayerId id, String name, String description) {
        this(id, name, description, AssignmentUnit.SESSION);
    }

    /** The default layer (SESSION), created once when the platform starts with an empty event store. */
    public static Layer defaultLayer() {
        return new Layer(LayerId.DEFAULT, "Default layer", "Experiments that need no layer of their own.",
                AssignmentUnit.SESSION);
    }
}
