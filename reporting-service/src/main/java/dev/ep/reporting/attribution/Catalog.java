package dev.ep.reporting.attribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration attribution reads: experiments' phase rules and the custom metrics. An immutable snapshot;
 * the stream swaps in a new one when the configuration topic changes.
 */
public record Catalog(Map<String, ExperimentRules> experiments, List<CustomMetric> customMetrics) {

    public static final Catalog EMPTY = new Catalog(Map.of(), List.of());

    public Catalog {
        experiments = Map.copyOf(experiments);
        customMetrics = List.copyOf(customMetrics);
    }

    public Optional<ExperimentRules> experiment(String id) {
        return Optional.ofNullable(experiments.get(id));
    }

    /** Every metric a unit's contribution carries: the built-in ones, then the custom ones. */
    public List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>(List.of(BuiltInMetric.values()));
        metrics.addAll(customMetrics);
        return metrics;
    }
}
