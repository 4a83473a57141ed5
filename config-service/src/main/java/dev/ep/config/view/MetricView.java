package dev.ep.config.view;

import java.util.Locale;

import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;

/**
 * A metric of the catalogue; built-in metrics have no event name or aggregation, and a version only once their
 * settings were changed.
 *
 * @param tau2          the configured mSPRT mixture variance, or null: reporting then uses its data-dependent default
 * @param harmDirection {@code decrease_is_harm} or {@code increase_is_harm}
 */
public record MetricView(String name, boolean builtIn, String eventName, String aggregation, String description,
        Double tau2, String harmDirection, Long version) {

    public static MetricView builtIn(MetricName name, MetricSettings settings, long version) {
        return new MetricView(name.value(), true, null, null, null, tau2(settings), settings.harmDirection().lowerCase(),
                version == 0 ? null : version);
    }

    public static MetricView of(CustomMetric m, MetricSettings settings, long version) {
        return new MetricView(m.name().value(), false, m.eventName(), m.aggregation().name().toLowerCase(Locale.ROOT),
                m.description(), tau2(settings), settings.harmDirection().lowerCase(), version);
    }

    private static Double tau2(MetricSettings settings) {
        return settings.tau2().isPresent() ? settings.tau2().getAsDouble() : null;
    }
}
