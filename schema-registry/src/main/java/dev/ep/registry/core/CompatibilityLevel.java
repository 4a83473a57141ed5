package dev.ep.registry.core;

import java.util.Locale;

/**
 * Confluent's compatibility levels. "Backward" means consumers on the new schema can read data written with the
 * old one (new schema is the reader); "forward" the opposite; "full" both. Transitive levels check against every
 * live version, the others only against the latest one.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** The new schema, as reader, must read data written with an earlier schema. */
    public boolean newReadsOld() {
        return newReadsOld;
    }

    /** An earlier schema, as reader, must read data written with the new schema. */
    public boolean oldReadsNew() {
        return oldReadsNew;
    }

    public boolean transitive() {
        return transitive;
    }

    /** Parses a level case-insensitively, as Confluent does; anything else is a 42203. */
    public static CompatibilityLevel parse(String text) {
        if (text != null) {
            String normalized = text.trim().toUpperCase(Locale.ROOT);
            for (CompatibilityLevel level : values()) {
                if (level.name().equals(normalized)) {
                    return level;
                }
            }
        }
        throw new RegistryException(ErrorCode.INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level. Valid values are none, backward, forward, full, "
                        + "backward_transitive, forward_transitive, and full_transitive");
    }
}
