package dev.ep.config.metric;

import java.util.regex.Pattern;

import dev.ep.config.problem.Checks;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/** A metric computed from a custom tracking event. */
public record CustomMetric(MetricName name, String eventName, Aggregation aggregation, String description) {

    private static final Pattern EVENT = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-]{0,63}");

    public CustomMetric {
        Checks.notNull("name", name);
        Checks.notNull("aggregation", aggregation);
        if (eventName == null || !EVENT.matcher(eventName).matches()) {
            throw new ConfigException(ErrorCode.INVALID_FIELD, "eventName: '" + eventName
                    + "' is not a valid event name (1-64 letters, digits, '_', '.', '-', starting with a letter)");
        }
        description = Checks.optional("description", description, 2_000);
    }
}
