package dev.ep.config.view;

import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;

/** A metric of the catalogue; built-in metrics have no event name, aggregation or version. */
public record MetricView(String name, boolean builtIn, String eventName, String aggregation, String description,
        Long version) {

    public static MetricView builtIn(MetricName name) {
        return new MetricView(name.value(), true, null, null, null, null);
    }

    public static MetricView of(CustomMetric m, long version) {
        return new MetricView(m.name().value(), false, m.eventName(), m.aggregation().name().toLowerCase(java.util.Locale.ROOT),
                m.description(), version);
    }
}
