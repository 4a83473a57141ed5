package dev.ep.stats.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One metric's per-arm sufficient statistics, as the stream publishes them and {@code POST /v1/analysis} accepts them.
 *
 * @param metric the metric's name in config-service's catalogue (custom events by name included)
 * @param kind   how it is summarised
 * @param role   which multiple-comparison family it belongs to
 * @param tau2   the mSPRT mixture variance τ² on the scale of the difference (configured per metric); null selects
 *               the documented default (see {@code Analyzer})
 * @param arms   one entry per arm, the control included
 */
public record MetricStatistics(String metric, MetricKind kind, MetricRole role, Double tau2, List<ArmMoments> arms) {

    public MetricStatistics {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(kind, "kind");
        role = role == null ? MetricRole.SECONDARY : role;
        arms = arms == null ? List.of() : List.copyOf(arms);
    }
}
