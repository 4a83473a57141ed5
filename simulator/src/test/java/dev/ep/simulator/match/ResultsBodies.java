package dev.ep.simulator.match;

import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.Analyzer;
import dev.ep.stats.analysis.ArmMoments;
import dev.ep.stats.analysis.MetricKind;
import dev.ep.stats.analysis.MetricRole;
import dev.ep.stats.analysis.MetricStatistics;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Results bodies of {@code GET /v1/experiments/{id}/results} in reporting-service's shape ({@code ExperimentResults}:
 * experimentId, phase, currentPhase, phases, currentTo, configVersions, statistics, analysis), built from the
 * statistics module's real records ({@code AnalysisRequest} as {@code statistics}, the {@code Analyzer}'s
 * {@code AnalysisResult} as {@code analysis}) and written by Jackson 3 as the service writes them: the body a running
 * reporting-service answers, without running one.
 */
final class ResultsBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ResultsBodies() {
    }

    /** A converting unit: its orders and their value; every other unit of an arm has none. */
    record Buyer(long orders, long revenue) {
    }

    /** One arm: its exposed units and, among them, the buyers. */
    record Arm(String treatment, long units, List<Buyer> buyers) {

        long conversions() {
            return buyers.size();
        }

        long orders() {
            return buyers.stream().mapToLong(Buyer::orders).sum();
        }

        long revenue() {
            return buyers.stream().mapToLong(Buyer::revenue).sum();
        }

        long sum(java.util.function.ToLongFunction<Buyer> term) {
            return buyers.stream().mapToLong(term).sum();
        }
    }

    static String body(String experimentId, int phase, List<Arm> arms) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        Map<String, Long> coverage = new LinkedHashMap<>();
        for (Arm arm : arms) {
            weights.put(arm.treatment(), 10_000 / arms.size() + (weights.isEmpty() ? 10_000 % arms.size() : 0));
            coverage.put(arm.treatment(), arm.units());
        }
        List<MetricStatistics> metrics = List.of(
                metric("conversion", MetricKind.PROPORTION, MetricRole.PRIMARY, arms.stream().map(a ->
                        ArmMoments.of(a.treatment(), a.units(), big(a.conversions()), big(a.conversions()))).toList()),
                metric("revenue_per_session", MetricKind.MEAN, MetricRole.GUARDRAIL, arms.stream().map(a ->
                        ArmMoments.of(a.treatment(), a.units(), big(a.revenue()),
                                big(a.sum(b -> b.revenue() * b.revenue())))).toList()),
                metric("average_order_value", MetricKind.RATIO, MetricRole.SECONDARY, arms.stream().map(a ->
                        new ArmMoments(a.treatment(), a.units(), big(a.revenue()),
                                big(a.sum(b -> b.revenue() * b.revenue())), big(a.orders()),
                                big(a.sum(b -> b.orders() * b.orders())), big(a.sum(b -> b.orders() * b.revenue()))))
                        .toList()),
                metric("add_to_cart_rate", MetricKind.PROPORTION, MetricRole.SECONDARY, arms.stream().map(a ->
                        ArmMoments.of(a.treatment(), a.units(), big(a.units() / 3), big(a.units() / 3))).toList()));
        AnalysisRequest statistics = new AnalysisRequest(arms.get(0).treatment(), 0.05, weights, coverage, coverage,
                metrics, null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experimentId", experimentId);
        body.put("phase", phase);
        body.put("currentPhase", phase);
        body.put("phases", List.of(phase));
        body.put("currentTo", "2026-11-30T09:00:00.400Z");
        body.put("configVersions", Map.of("min", 3, "max", 4, "experimentVersion", 2));
        body.put("statistics", statistics);
        body.put("analysis", new Analyzer().analyze(statistics));
        return JSON.writeValueAsString(body);
    }

    private static MetricStatistics metric(String name, MetricKind kind, MetricRole role, List<ArmMoments> arms) {
        return new MetricStatistics(name, kind, role, null, arms);
    }

    private static BigDecimal big(long value) {
        return BigDecimal.valueOf(value);
    }
}
