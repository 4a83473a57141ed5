package dev.ep.stats.analysis;

import dev.ep.stats.SampleMoments;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Rejects a request that no set of units could have produced (negative n, Σy² too small for Σy, a proportion with
 * values other than 0/1), an unknown control, weights that do not sum to 10000, and anything beyond
 * {@link AnalysisLimits}. Passing it guarantees the {@link Analyzer} only meets numbers it can turn into finite
 * figures.
 */
final class AnalysisRequestCheck {

    private static final int BASIS_POINTS = 10_000;

    private AnalysisRequestCheck() {
    }

    static void check(AnalysisRequest request) {
        if (request.control() == null || request.control().isBlank()) {
            throw new InvalidAnalysisRequest("control", "control is required");
        }
        name("control", request.control());
        if (request.alpha() == null || !(request.alpha() > 0 && request.alpha() < 1)) {
            throw new InvalidAnalysisRequest("alpha", "alpha must be in (0, 1), got " + request.alpha());
        }
        if (request.metrics().size() > AnalysisLimits.MAX_METRICS) {
            throw new InvalidAnalysisRequest("metrics", "at most " + AnalysisLimits.MAX_METRICS + " metrics");
        }
        Set<String> metricNames = new HashSet<>();
        for (int i = 0; i < request.metrics().size(); i++) {
            MetricStatistics metric = request.metrics().get(i);
            String path = "metrics[" + i + "]";
            if (metric == null) {
                throw new InvalidAnalysisRequest(path, "a metric must not be null");
            }
            name(path + ".metric", metric.metric());
            if (!metricNames.add(metric.metric())) {
                throw new InvalidAnalysisRequest(path + ".metric", "metric '" + metric.metric() + "' appears twice");
            }
            metric(request.control(), metric, path);
        }
        weights(request);
        counts(request, request.coverageUnits(), "coverageUnits");
        counts(request, request.assignmentUnits(), "assignmentUnits");
        previous(request.previous());
    }

    private static void metric(String control, MetricStatistics metric, String path) {
        Double tau2 = metric.tau2();
        if (tau2 != null && !(tau2 > 0 && tau2 <= AnalysisLimits.MAX_TAU2)) {
            throw new InvalidAnalysisRequest(path + ".tau2", "tau2 must be positive and at most 1e300");
        }
        if (metric.arms().isEmpty() || metric.arms().size() > AnalysisLimits.MAX_ARMS) {
            throw new InvalidAnalysisRequest(path + ".arms",
                    "between 1 and " + AnalysisLimits.MAX_ARMS + " arms, the control included");
        }
        Set<String> treatments = new HashSet<>();
        for (int j = 0; j < metric.arms().size(); j++) {
            ArmMoments arm = metric.arms().get(j);
            String armPath = path + ".arms[" + j + "]";
            if (arm == null) {
                throw new InvalidAnalysisRequest(armPath, "an arm must not be null");
            }
            name(armPath + ".treatment", arm.treatment());
            if (!treatments.add(arm.treatment())) {
                throw new InvalidAnalysisRequest(armPath + ".treatment", "treatment '" + arm.treatment()
                        + "' appears twice");
            }
            arm(metric.kind(), arm, armPath);
        }
        if (!treatments.contains(control)) {
            throw new InvalidAnalysisRequest(path + ".arms", "the control '" + control + "' has no arm in metric '"
                    + metric.metric() + "'");
        }
    }

    private static void arm(MetricKind kind, ArmMoments arm, String path) {
        if (arm.n() < 0 || arm.n() > AnalysisLimits.MAX_UNITS) {
            throw new InvalidAnalysisRequest(path + ".n", "n must be between 0 and " + AnalysisLimits.MAX_UNITS);
        }
        sum(path + ".sumY", arm.sumY());
        sum(path + ".sumY2", arm.sumY2());
        sum(path + ".sumX", arm.sumX());
        sum(path + ".sumX2", arm.sumX2());
        sum(path + ".sumXY", arm.sumXY());
        if (arm.n() == 0 && (arm.sumY().signum() != 0 || arm.sumY2().signum() != 0 || arm.hasX())) {
            throw new InvalidAnalysisRequest(path, "an arm with n = 0 must have every sum 0");
        }
        BigDecimal units = new BigDecimal(BigInteger.valueOf(arm.n()));
        BigDecimal centredY = SampleMoments.centred(units, arm.sumY2(), arm.sumY(), arm.sumY());
        BigDecimal centredX = SampleMoments.centred(units, arm.sumX2(), arm.sumX(), arm.sumX());
        if (centredY.signum() < 0) {
            throw new InvalidAnalysisRequest(path + ".sumY2", "sumY2 is inconsistent with sumY: n·sumY2 − sumY² < 0"
                    + " (a negative variance)");
        }
        if (centredX.signum() < 0) {
            throw new InvalidAnalysisRequest(path + ".sumX2", "sumX2 is inconsistent with sumX: n·sumX2 − sumX² < 0"
                    + " (a negative variance)");
        }
        BigDecimal centredXY = SampleMoments.centred(units, arm.sumXY(), arm.sumX(), arm.sumY());
        if (centredXY.multiply(centredXY).compareTo(centredX.multiply(centredY)) > 0) {
            throw new InvalidAnalysisRequest(path + ".sumXY", "sumXY is inconsistent with the other sums"
                    + " (|correlation| > 1)");
        }
        if (kind == MetricKind.PROPORTION) {
            if (arm.sumY2().compareTo(arm.sumY()) != 0 || arm.sumY().signum() < 0
                    || arm.sumY().compareTo(units) > 0) {
                throw new InvalidAnalysisRequest(path + ".sumY", "a proportion's values are 0 or 1: sumY2 must equal"
                        + " sumY, between 0 and n");
            }
        }
    }

    private static void weights(AnalysisRequest request) {
        Map<String, Integer> weights = request.expectedWeightsBasisPoints();
        if (weights.isEmpty()) {
            return;
        }
        if (weights.size() > AnalysisLimits.MAX_ARMS) {
            throw new InvalidAnalysisRequest("expectedWeightsBasisPoints", "at most " + AnalysisLimits.MAX_ARMS
                    + " treatments");
        }
        long total = 0;
        for (Map.Entry<String, Integer> weight : weights.entrySet()) {
            name("expectedWeightsBasisPoints", weight.getKey());
            Integer value = weight.getValue();
            if (value == null || value < 0 || value > BASIS_POINTS) {
                throw new InvalidAnalysisRequest("expectedWeightsBasisPoints." + weight.getKey(),
                        "a weight is between 0 and 10000 basis points");
            }
            total += value;
        }
        if (total != BASIS_POINTS) {
            throw new InvalidAnalysisRequest("expectedWeightsBasisPoints", "weights must sum to 10000 basis points,"
                    + " got " + total);
        }
        if (!weights.containsKey(request.control())) {
            throw new InvalidAnalysisRequest("expectedWeightsBasisPoints", "the control '" + request.control()
                    + "' has no weight");
        }
    }

    private static void counts(AnalysisRequest request, Map<String, Long> counts, String field) {
        if (counts.isEmpty()) {
            return;
        }
        if (request.expectedWeightsBasisPoints().isEmpty()) {
            throw new InvalidAnalysisRequest("expectedWeightsBasisPoints", field + " needs the expected weights");
        }
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            if (!request.expectedWeightsBasisPoints().containsKey(count.getKey())) {
                throw new InvalidAnalysisRequest(field + "." + count.getKey(), "treatment '" + count.getKey()
                        + "' has no expected weight");
            }
            Long value = count.getValue();
            if (value == null || value < 0 || value > AnalysisLimits.MAX_UNITS) {
                throw new InvalidAnalysisRequest(field + "." + count.getKey(), "a count is between 0 and "
                        + AnalysisLimits.MAX_UNITS);
            }
        }
    }

    private static void previous(AnalysisRequest.PreviousAlwaysValid previous) {
        probability("previous.srmCoverageP", previous.srmCoverageP());
        probability("previous.srmAssignmentP", previous.srmAssignmentP());
        if (previous.comparisons().size() > AnalysisLimits.MAX_ARMS * AnalysisLimits.MAX_METRICS) {
            throw new InvalidAnalysisRequest("previous.comparisons", "too many previous comparisons");
        }
        for (int i = 0; i < previous.comparisons().size(); i++) {
            AnalysisRequest.PreviousComparison comparison = previous.comparisons().get(i);
            String path = "previous.comparisons[" + i + "]";
            if (comparison == null) {
                throw new InvalidAnalysisRequest(path, "a previous comparison must not be null");
            }
            name(path + ".metric", comparison.metric());
            name(path + ".treatment", comparison.treatment());
            probability(path + ".alwaysValidP", comparison.alwaysValidP());
        }
    }

    private static void probability(String field, Double p) {
        if (p != null && !(p >= 0 && p <= 1)) {
            throw new InvalidAnalysisRequest(field, "a p-value is between 0 and 1");
        }
    }

    private static void sum(String field, BigDecimal value) {
        if (value.abs().compareTo(AnalysisLimits.MAX_ABS_SUM) > 0 || value.precision() > AnalysisLimits.MAX_PRECISION
                || value.scale() > AnalysisLimits.MAX_SCALE) {
            throw new InvalidAnalysisRequest(field, "a sum is at most 1e40 in magnitude, with at most "
                    + AnalysisLimits.MAX_PRECISION + " significant digits and " + AnalysisLimits.MAX_SCALE
                    + " decimal places");
        }
    }

    private static void name(String field, String name) {
        if (name == null || name.isBlank() || name.length() > AnalysisLimits.MAX_NAME_LENGTH) {
            throw new InvalidAnalysisRequest(field, "a name is 1 to " + AnalysisLimits.MAX_NAME_LENGTH
                    + " characters, not blank");
        }
    }
}
