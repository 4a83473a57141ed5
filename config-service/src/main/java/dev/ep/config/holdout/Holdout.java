package dev.ep.config.holdout;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * The platform holdout: units whose holdout bucket ({@code murmur3_32(salt + ":" + sessionId)}
 * scaled to 10,000) is below {@code basisPoints} get no experiment in any layer. Changing it while
 * experiments run moves units in or out of every experiment at once, so it is a deliberate act.
 */
public record Holdout(int basisPoints, String salt) {

    public static final String SALT = "holdout";
    public static final Holdout NONE = new Holdout(0, SALT);

    public Holdout {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new ConfigException(ErrorCode.INVALID_FIELD,
                    "holdout: must be between 0 and 10000 basis points (0% to 100%), got " + basisPoints);
        }
        if (salt == null || salt.isEmpty()) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "holdout salt: must not be empty");
        }
    }

    public static Holdout of(int basisPoints) {
        return new Holdout(basisPoints, SALT);
    }
}
