package dev.ep.reporting.stream;

import java.util.List;
import java.util.Map;

/**
 * What the results endpoint needs of an experiment's configuration: its unit, control, current phase, each phase's
 * expected split and its metric roles.
 *
 * @param weights phase number -> treatment -> weight in basis points
 * @param autoPause the owner opted in to the guardrail auto-pause (dev.ep.reporting.guardrail)
 */
public record ExperimentConfig(String id, String unitType, String status, String control, int currentPhase,
                               Map<Integer, Map<String, Integer>> weights, String primaryMetric,
                               List<String> guardrailMetrics, long version, long sequence, boolean autoPause) {

    public ExperimentConfig {
        weights = Map.copyOf(weights);
        guardrailMetrics = List.copyOf(guardrailMetrics);
    }
}
