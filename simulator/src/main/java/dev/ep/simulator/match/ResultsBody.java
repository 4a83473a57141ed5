package dev.ep.simulator.match;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the four figures out of a {@code GET /v1/experiments/{id}/results} body (reporting-service README): its
 * {@code statistics} member carries, per metric and arm, the exact sums. Units are the {@code conversion} arm's
 * {@code n} (the arm's exposed units, the same number as {@code statistics.coverageUnits}); conversions its
 * {@code sumY} (converted units); revenue the {@code revenue_per_session} arm's {@code sumY}; orders the
 * {@code average_order_value} arm's {@code sumX} (its ratio denominator). Plain Java over Jackson's tree.
 */
public final class ResultsBody {

    static final String CONVERSION = "conversion";
    static final String REVENUE = "revenue_per_session";
    static final String ORDER_VALUE = "average_order_value";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ResultsBody() {
    }

    /**
     * What the results endpoint reported.
     *
     * @param phase  the phase shown
     * @param totals per treatment, in the body's arm order
     */
    public record Reported(String experimentId, int phase, List<ReportedTotals> totals) {

        public Reported {
            totals = List.copyOf(totals);
        }
    }

    /** @throws IllegalArgumentException naming what the body lacks */
    public static Reported parse(String experimentId, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the results body is not JSON: " + e.getOriginalMessage());
        }
        String id = text(root, "experimentId");
        if (!experimentId.equals(id)) {
            throw new IllegalArgumentException("the results are of experiment '" + id + "', not '" + experimentId
                    + "'");
        }
        JsonNode phase = root.get("phase");
        if (phase == null || !phase.isIntegralNumber()) {
            throw new IllegalArgumentException("the results body has no integer 'phase'");
        }
        JsonNode statistics = root.get("statistics");
        if (statistics == null || !statistics.isObject()) {
            throw new IllegalArgumentException("the results body has no 'statistics' object");
        }
        Map<String, JsonNode> conversion = arms(statistics, CONVERSION);
        Map<String, JsonNode> revenue = arms(statistics, REVENUE);
        Map<String, JsonNode> orderValue = arms(statistics, ORDER_VALUE);
        List<ReportedTotals> totals = new ArrayList<>();
        for (Map.Entry<String, JsonNode> arm : conversion.entrySet()) {
            String treatment = arm.getKey();
            totals.add(new ReportedTotals(experimentId, treatment,
                    exact(arm.getValue(), "n", CONVERSION, treatment),
                    exact(arm.getValue(), "sumY", CONVERSION, treatment),
                    exact(require(orderValue, ORDER_VALUE, treatment), "sumX", ORDER_VALUE, treatment),
                    exact(require(revenue, REVENUE, treatment), "sumY", REVENUE, treatment)));
        }
        return new Reported(experimentId, phase.intValue(), totals);
    }

    private static Map<String, JsonNode> arms(JsonNode statistics, String metric) {
        JsonNode metrics = statistics.get("metrics");
        if (metrics == null || !metrics.isArray()) {
            throw new IllegalArgumentException("the results body has no 'statistics.metrics' array");
        }
        for (JsonNode m : metrics) {
            if (metric.equals(text(m, "metric"))) {
                JsonNode arms = m.get("arms");
                if (arms == null || !arms.isArray()) {
                    throw new IllegalArgumentException("metric '" + metric + "' has no 'arms' array");
                }
                Map<String, JsonNode> byTreatment = new LinkedHashMap<>();
                for (JsonNode arm : arms) {
                    String treatment = text(arm, "treatment");
                    if (treatment == null || byTreatment.put(treatment, arm) != null) {
                        throw new IllegalArgumentException("metric '" + metric + "' has an arm without a treatment or"
                                + " a treatment twice");
                    }
                }
                return byTreatment;
            }
        }
        throw new IllegalArgumentException("the results body has no metric '" + metric + "' in statistics.metrics"
                + " (asked with ?metric=...?)");
    }

    private static JsonNode require(Map<String, JsonNode> arms, String metric, String treatment) {
        JsonNode arm = arms.get(treatment);
        if (arm == null) {
            throw new IllegalArgumentException("metric '" + metric + "' has no arm '" + treatment + "'");
        }
        return arm;
    }

    /** An exact integer that fits a long: a sum with a fraction or beyond a long is not a count. */
    private static long exact(JsonNode arm, String field, String metric, String treatment) {
        JsonNode value = arm.get(field);
        if (value == null || !value.isIntegralNumber()) {
            throw new IllegalArgumentException(metric + "/" + treatment + "." + field + " is not an integer: " + value);
        }
        BigInteger exact = value.bigIntegerValue();
        if (exact.bitLength() > 63) {
            throw new IllegalArgumentException(metric + "/" + treatment + "." + field + " exceeds a long: " + exact);
        }
        return exact.longValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }
}
