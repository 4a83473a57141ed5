package dev.ep.config.experiment;

import java.util.regex.Pattern;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * Salt of the treatment-slot hash ({@code murmur3_32(salt + ":" + unitId)}). No {@code ':'}, so the
 * hashed text splits unambiguously. Defaults to the experiment id.
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
