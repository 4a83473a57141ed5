package dev.ep.assignment.core;

import java.util.Objects;

/**
 * The platform holdout: units of {@code unitType} whose holdout bucket ({@code HashSpace.HOLDOUT}, namespace =
 * {@code salt}, 10,000 buckets) is below {@code basisPoints} get nothing from the layers of {@code unitType}. Layers of
 * the other unit type are not affected, and only the id of {@code unitType} is ever hashed (never a fallback), so
 * membership never flips within a session (SESSION) or across a user's sessions (USER).
 */
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
