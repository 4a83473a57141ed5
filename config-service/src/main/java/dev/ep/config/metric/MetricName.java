package dev.ep.config.metric;

import java.util.regex.Pattern;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/** A metric's name in the catalogue: lower-case snake case, 1 to 64 characters. */
public record MetricName(String value) implements Comparable<MetricName> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public MetricName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "metric: '" + value
                    + "' is not a valid metric name (1-64 lower-case letters, digits and '_', starting with a letter)");
        }
    }

    @Override
    public int compareTo(MetricName other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
