package dev.ep.assignment.core;

import java.util.Objects;

/**
 * A layer: its id is the namespace of its bucket hash ({@code HashSpace.BUCKET}); {@code unitType} is the one unit
 * every experiment of the layer hashes, so one unit can never hold two experiments of the layer (a session that logs
 * in keeps its SESSION layers' experiments, and a USER layer looks at the user id only). {@link UnitType#UNKNOWN} (a
 * newer kind) makes the layer assign nothing.
 */
public record LayerDefinition(String id, int bucketCount, UnitType unitType) {

    public static final int DEFAULT_BUCKETS = 10_000;

    public LayerDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(unitType, "unitType");
        if (bucketCount < 1 || bucketCount > Short.MAX_VALUE * 2) {
            throw new IllegalArgumentException("layer " + id + ": bucketCount " + bucketCount + " out of range");
        }
    }
}
