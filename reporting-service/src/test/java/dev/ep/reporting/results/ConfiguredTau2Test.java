package dev.ep.reporting.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.attribution.MetricSums;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import dev.ep.reporting.stream.MetricSettings;
import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.Analyzer;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The τ² configured for a metric at config-service reaches the published {@code statistics}, and {@code POST
 * /v1/analysis} with that body (the JSON round trip an auditor makes) reproduces the always-valid figures exactly.
 */
class ConfiguredTau2Test {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double TAU2 = 0.0004;

    @Test
    void shouldPublishTheConfiguredTau2AndReproduceItsAlwaysValidFiguresFromThePublishedStatistics() {
        // given: conversion 40% against 46% over 1000 units per arm, with τ² configured for conversion only
        ConfigSnapshot configured = config(Map.of("conversion", new MetricSettings(TAU2, null)));
        ConfigSnapshot unconfigured = config(Map.of());

        // when
        AnalysisRequest statistics = ResultsAssembler.request("exp", 1, arms(), configured, Optional.empty(),
                AnalysisRequest.PreviousAlwaysValid.NONE);
        AnalysisResult published = new Analyzer().analyze(statistics);
        AnalysisResult byDefault = new Analyzer().analyze(ResultsAssembler.request("exp", 1, arms(), unconfigured,
                Optional.empty(), AnalysisRequest.PreviousAlwaysValid.NONE));
        AnalysisRequest audited = JSON.readValue(JSON.writeValueAsString(statistics), AnalysisRequest.class);
        AnalysisResult reproduced = new Analyzer().analyze(audited);

        // then: the configured τ² is in the statistics and the result, and says so
        assertThat(metric(statistics, "conversion").tau2()).isEqualTo(TAU2);
        assertThat(metric(statistics, "revenue_per_session").tau2()).as("not configured").isNull();
        AnalysisResult.MetricResult conversion = result(published, "conversion");
        assertThat(conversion.tau2()).isEqualTo(TAU2);
        assertThat(conversion.tau2Source()).isEqualTo(AnalysisResult.Tau2Source.CONFIGURED);
        assertThat(result(published, "revenue_per_session").tau2Source()).isEqualTo(AnalysisResult.Tau2Source.DEFAULT);
        assertThat(result(byDefault, "conversion").tau2Source()).isEqualTo(AnalysisResult.Tau2Source.DEFAULT);

        // and: it changes the always-valid p (against the default τ² = (0.1 × 0.4)² = 0.0016) ...
        AnalysisResult.ComparisonResult c = conversion.comparisons().get(0);
        AnalysisResult.ComparisonResult d = result(byDefault, "conversion").comparisons().get(0);
        assertThat(result(byDefault, "conversion").tau2()).isEqualTo(0.1 * 0.4 * (0.1 * 0.4));
        assertThat(c.alwaysValidP()).isNotEqualTo(d.alwaysValidP());
        // ... to exactly the mSPRT of Johari, Pekelis, Walsh 2017 with that τ²
        double v = c.standardError() * c.standardError();
        double delta = c.difference();
        double lambda = Math.sqrt(v / (v + TAU2)) * Math.exp(TAU2 * delta * delta / (2 * v * (v + TAU2)));
        assertThat(c.alwaysValidP()).isCloseTo(Math.min(1, 1 / lambda), org.assertj.core.api.Assertions.within(1e-12));

        // and: the auditor's POST /v1/analysis of the published statistics gives the very same figures
        AnalysisResult.ComparisonResult r = result(reproduced, "conversion").comparisons().get(0);
        assertThat(result(reproduced, "conversion").tau2Source()).isEqualTo(AnalysisResult.Tau2Source.CONFIGURED);
        assertThat(r.alwaysValidP()).isEqualTo(c.alwaysValidP());
        assertThat(r.confidenceSequence()).isEqualTo(c.confidenceSequence());
        assertThat(r.chanceToBeatControl()).isEqualTo(c.chanceToBeatControl());
    }

    private static ConfigSnapshot config(Map<String, MetricSettings> settings) {
        ExperimentConfig exp = new ExperimentConfig("exp", "SESSION", "RUNNING", "control", 1,
                Map.of(1, Map.of("control", 5000, "treatment", 5000)), "conversion", List.of(), 3, 10, false);
        return new ConfigSnapshot(Catalog.EMPTY, Map.of("exp", exp), 0, settings);
    }

    private static List<ArmTotals> arms() {
        return List.of(arm("control", 1000, 400), arm("treatment", 1000, 460));
    }

    private static ArmTotals arm(String treatment, long units, long converted) {
        BigInteger y = BigInteger.valueOf(converted);
        MetricSums conversion = new MetricSums(units, y, y, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
        BigInteger revenue = BigInteger.valueOf(converted * 2_500);
        BigInteger revenue2 = BigInteger.valueOf(converted * 2_500L * 2_500L);
        MetricSums revenuePerSession = new MetricSums(units, revenue, revenue2, BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.ZERO);
        return new ArmTotals(new ArmKey("exp", 1, treatment), units, units,
                Map.of("conversion", conversion, "revenue_per_session", revenuePerSession), 1_000L, 3, 3);
    }

    private static dev.ep.stats.analysis.MetricStatistics metric(AnalysisRequest request, String name) {
        return request.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
    }

    private static AnalysisResult.MetricResult result(AnalysisResult result, String name) {
        return result.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
    }
}
