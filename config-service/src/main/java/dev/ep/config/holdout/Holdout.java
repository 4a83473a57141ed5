package dev.ep.config.holdout;

import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * The platform holdout: units of the holdout's {@code unit} whose holdout bucket
 * ({@code murmur3_32("holdout:" + L + ":" + salt + ":" + unitId)} scaled to 10,000, L the UTF-8 byte length of the
 * salt; docs/hashing.md) is below {@code basisPoints} get no experiment in any layer of that unit. Layers of the
 * other unit are not affected, and only that unit's id is ever hashed (no fallback to another id), so membership
 * never flips within a session (SESSION) nor across a user's sessions (USER). Changing it while experiments run
 * moves units in or out of every covered experiment at once, so it is a deliberate act.
 */
public record Holdout(int basisPoints, String salt, AssignmentUnit unit) {

    public static final String SALT = "holdout";
    public static final Holdout NONE = new Holdout(0, SALT, AssignmentUnit.SESSION);

    public Holdout {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new ConfigException(ErrorCode.INVALID_FIELD,
                    "holdout: must be between 0 and 10000 basis points (0% to 100%), got " + basisPoints);
        }
        if (salt == null || salt.isEmpty()) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "holdout salt: must not be empty");
        }
        unit = unit == null ? AssignmentUnit.SESSION : unit;
    }

    /** A SESSION holdout. */
    public static Holdout of(int basisPoints) {
        return new Holdout(basisPoints, SALT, AssignmentUnit.SESSION);
    }

    public static Holdout of(int basisPoints, AssignmentUnit unit) {
        return new Holdout(basisPoints, SALT, unit);
    }
}
