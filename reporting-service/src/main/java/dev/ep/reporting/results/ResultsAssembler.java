package dev.ep.reporting.results;

import dev.ep.stats.analysis.AnalysisLimits;
import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.ArmMoments;
import dev.ep.stats.analysis.MetricKind;
import dev.ep.stats.analysis.MetricRole;
import dev.ep.stats.analysis.MetricStatistics;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.attribution.Metric;
import dev.ep.reporting.attribution.MetricSums;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one phase's arm totals and the configuration into the {@link AnalysisRequest} that the {@code Analyzer}
 * takes: the same numbers a data scientist can send to {@code POST /v1/analysis}. Plain Java.
 */
final class ResultsAssembler {

    static final double ALPHA = 0.05;

    private ResultsAssembler() {
    }

    /** The phases with data, ascending. */
    static List<Integer> phases(List<ArmTotals> arms) {
        return new ArrayList<>(new TreeSet<>(arms.stream().map(a -> a.arm().phase()).toList()));
    }

    static AnalysisRequest request(String experimentId, int phase, List<ArmTotals> arms, ConfigSnapshot config,
                                   Optional<String> metricFilter, AnalysisRequest.PreviousAlwaysValid previous) {
        Optional<ExperimentConfig> experiment = config.experiment(experimentId);
        boolean holdout = experimentId.equals(Attribution.HOLDOUT);
        String control = holdout ? Attribution.NOT_HELD_OUT : experiment.map(ExperimentConfig::control).orElse(null);
        Map<String, Integer> weights = holdout
                ? Map.of(Attribution.HELD_OUT, config.holdoutBasisPoints(),
                        Attribution.NOT_HELD_OUT, 10_000 - config.holdoutBasisPoints())
                : experiment.map(e -> e.weights().getOrDefault(phase, Map.of())).orElse(Map.of());

        List<ArmTotals> inPhase = arms.stream().filter(a -> a.arm().phase() == phase).toList();
        Set<String> treatments = new LinkedHashSet<>(weights.keySet());
        inPhase.forEach(a -> treatments.add(a.arm().treatment()));
        if (control == null && !treatments.isEmpty()) {
            control = treatments.iterator().next();
        }
        Map<String, ArmTotals> byTreatment = new LinkedHashMap<>();
        inPhase.forEach(a -> byTreatment.put(a.arm().treatment(), a));

        Map<String, Long> coverage = new LinkedHashMap<>();
        Map<String, Long> assignment = new LinkedHashMap<>();
        for (String t : treatments) {
            ArmTotals a = byTreatment.get(t);
            coverage.put(t, a == null ? 0 : a.exposed());
            assignment.put(t, a == null ? 0 : a.assigned());
        }

        List<MetricStatistics> metrics = new ArrayList<>();
        for (Metric metric : config.catalog().metrics()) {
            if (metricFilter.isPresent() && !metricFilter.get().equals(metric.metricName())) {
                continue;
            }
            List<ArmMoments> moments = new ArrayList<>();
            for (String t : treatments) {
                ArmTotals a = byTreatment.get(t);
                moments.add(moments(t, a == null ? 0 : a.exposed(),
                        a == null ? MetricSums.ZERO : a.metrics().getOrDefault(metric.metricName(), MetricSums.ZERO)));
            }
            metrics.add(new MetricStatistics(metric.metricName(), MetricKind.valueOf(metric.shape().name()),
                    role(metric.metricName(), experiment), tau2(config, metric.metricName()), moments));
        }
        return new AnalysisRequest(control, ALPHA, weights, coverage, assignment, metrics, previous);
    }

    /**
     * n is the arm's exposed units: every exposed unit has a value of every metric (0 without events); the sums
     * carry only the units whose value was recorded, the others add 0.
     */
    private static ArmMoments moments(String treatment, long exposed, MetricSums s) {
        return new ArmMoments(treatment, exposed, new BigDecimal(s.sumY()), new BigDecimal(s.sumY2()),
                new BigDecimal(s.sumX()), new BigDecimal(s.sumX2()), new BigDecimal(s.sumXY()));
    }

    /**
     * The metric's τ² as configured in config-service's catalogue, or null for the statistics core's documented
     * default (the response then says {@code tau2Source: DEFAULT}). A τ² out of the analysis' bounds (never written by
     * config-service, whose bounds are narrower) is treated as not configured rather than failing the results.
     */
    private static Double tau2(ConfigSnapshot config, String metric) {
        Double tau2 = config.metricSettings(metric).tau2();
        return tau2 != null && tau2 > 0 && tau2 <= AnalysisLimits.MAX_TAU2 ? tau2 : null;
    }

    private static MetricRole role(String metric, Optional<ExperimentConfig> experiment) {
        if (experiment.isEmpty()) {
            return MetricRole.SECONDARY;
        }
        if (metric.equals(experiment.get().primaryMetric())) {
            return MetricRole.PRIMARY;
        }
        return experiment.get().guardrailMetrics().contains(metric) ? MetricRole.GUARDRAIL : MetricRole.SECONDARY;
    }
}
