package dev.ep.assignment.core;

import java.util.Objects;

/** Units with {@code bucket(salt, unit) < basisPoints} (of 10,000) get no experiment at all. */
public record HoldoutDefinition(int basisPoints, String salt, UnitType unitType) {

    public static final int BUCKETS = 10_000;

    public HoldoutDefinition {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(unitType, "unitType");
        if (basisPoints < 0 || basisPoints > BUCKETS) {
            throw new IllegalArgumentException("holdout basisPoints " + basisPoints + " not in [0, 10000]");
        }
    }
}
