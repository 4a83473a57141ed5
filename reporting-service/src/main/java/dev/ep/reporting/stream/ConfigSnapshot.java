package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Catalog;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration as read from the snapshot topic, immutable: attribution's {@link Catalog} and the experiments'
 * settings for the results endpoint.
 *
 * @param holdoutBasisPoints the platform holdout's share (0 = none)
 * @param metricSettings     metric name -> its τ² and harm direction, for the metrics config-service published
 *                           settings of (custom metrics, and built-in metrics whose settings were changed)
 */
public record ConfigSnapshot(Catalog catalog, Map<String, ExperimentConfig> experiments, int holdoutBasisPoints,
                             Map<String, MetricSettings> metricSettings) {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Catalog.EMPTY, Map.of(), 0);

    public ConfigSnapshot {
        experiments = Map.copyOf(experiments);
        metricSettings = metricSettings == null ? Map.of() : Map.copyOf(metricSettings);
    }

    /** Without metric settings (every metric on the defaults). */
    public ConfigSnapshot(Catalog catalog, Map<String, ExperimentConfig> experiments, int holdoutBasisPoints) {
        this(catalog, experiments, holdoutBasisPoints, Map.of());
    }

    /** The metric's settings, {@link MetricSettings#NONE} when config-service published none. */
    public MetricSettings metricSettings(String metric) {
        return metricSettings.getOrDefault(metric, MetricSettings.NONE);
    }

    public Optional<ExperimentConfig> experiment(String id) {
        return Optional.ofNullable(experiments.get(id));
    }
}
