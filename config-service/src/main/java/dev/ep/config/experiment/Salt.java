package dev.ep.config.experiment;

import java.util.regex.Pattern;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * Namespace of the treatment-slot hash: {@code slot = murmur3_32("slot:" + L + ":" + salt + ":" + unitId)} scaled to
 * 10,000 slots, L the UTF-8 byte length of the salt (docs/hashing.md). Defaults to the experiment id.
 *
 * <p>The purpose prefix keeps the slot hash apart from the layer bucket hash and the holdout hash, so a salt equal to
 * a layer id (or an experiment id equal to its layer's id) is harmless, and the length makes the salt end
 * unambiguously. Two experiments that are not STOPPED still never share a salt (the decider refuses it): in two
 * layers they would give every unit correlated treatments.
 */
public record Salt(String value) {

    private static final Pattern SALT = Pattern.compile("[A-Za-z0-9._\\-]{1,64}");

    public Salt {
        if (value == null || !SALT.matcher(value).matches()) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "salt: '" + value
                    + "' is not a valid salt (1-64 letters, digits, '.', '_', '-')");
        }
    }

    public static Salt of(ExperimentId id) {
        return new Salt(id.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
