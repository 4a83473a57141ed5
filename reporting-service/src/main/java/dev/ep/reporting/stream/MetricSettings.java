package dev.ep.reporting.stream;

import java.util.Optional;

/**
 * A metric's analysis settings from config-service's catalogue (the {@code metric:<name>} snapshot).
 *
 * @param tau2          the configured mSPRT mixture variance τ², or null: the statistics core's default then applies
 * @param harmDirection which way the metric moves when a treatment hurts, or null when the record does not say
 *                      (written before the field): the guardrail's own setting then applies
 */
public record MetricSettings(Double tau2, HarmDirection harmDirection) {

    /** Nothing configured. */
    public static final MetricSettings NONE = new MetricSettings(null, null);

    /** Which way a metric moves when a treatment hurts. */
    public enum HarmDirection { DECREASE_IS_HARM, INCREASE_IS_HARM }

    public Optional<HarmDirection> configuredHarmDirection() {
        return Optional.ofNullable(harmDirection);
    }
}
