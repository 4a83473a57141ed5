package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Catalog;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration as read from the snapshot topic, immutable: attribution's {@link Catalog} and the experiments'
 * settings for the results endpoint.
 *
 * @param holdoutBasisPoints the platform holdout's share (0 = none)
 */
public record ConfigSnapshot(Catalog catalog, Map<String, ExperimentConfig> experiments, int holdoutBasisPoints) {

    public static final ConfigSnapshot EMPTY = new ConfigSnapshot(Catalog.EMPTY, Map.of(), 0);

    public ConfigSnapshot {
        experiments = Map.copyOf(experiments);
    }

    public Optional<ExperimentConfig> experiment(String id) {
        return Optional.ofNullable(experiments.get(id));
    }
}
