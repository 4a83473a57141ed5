package dev.ep.assignment.core;

import java.util.Objects;

/** A layer: its id is also the salt of the layer bucket hash. */
public record LayerDefinition(String id, int bucketCount) {

    public static final int DEFAULT_BUCKETS = 10_000;

    public LayerDefinition {
        Objects.requireNonNull(id, "id");
        if (bucketCount < 1 || bucketCount > Short.MAX_VALUE * 2) {
            throw new IllegalArgumentException("layer " + id + ": bucketCount " + bucketCount + " out of range");
        }
    }
}
