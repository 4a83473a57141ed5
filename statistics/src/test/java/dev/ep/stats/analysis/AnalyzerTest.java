package dev.ep.stats.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ep.stats.analysis.AnalysisResult.ComparisonResult;
import dev.ep.stats.analysis.AnalysisResult.MetricResult;
import dev.ep.stats.analysis.AnalysisResult.Status;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The Analyzer's edge cases and request checks; figures against references are in {@code AnalysisReferenceIT}. */
class AnalyzerTest {

    private final Analyzer analyzer = new Analyzer();

    @Test
    void shouldAnswerNotEnoughDataWithoutNaNWhenAnArmIsEmptyOrHasOneUnit() {
        // given
        AnalysisRequest request = request(metric(MetricKind.MEAN,
                arm("control", 0, 0, 0), arm("b", 1, 5, 25), arm("c", 3, 6, 14)));

        // when
        AnalysisResult result = analyzer.analyze(request);

        // then
        MetricResult metric = result.metrics().get(0);
        assertThat(metric.arms().get(0).mean()).isNull();
        assertThat(metric.arms().get(1).mean()).isEqualTo(5.0);
        assertThat(metric.arms().get(1).variance()).isNull();
        assertThat(metric.comparisons()).extracting(ComparisonResult::status)
                .containsExactly(Status.NOT_ENOUGH_DATA, Status.NOT_ENOUGH_DATA);
        assertThat(metric.comparisons().get(0).reason()).contains("'b'");
        assertThat(metric.comparisons().get(1).reason()).contains("no units in 'control'");
        assertThat(json(result)).doesNotContain("NaN", "Infinity");
    }

    @Test
    void shouldAnswerZeroVarianceWhenEveryUnitHasTheSameValue() {
        // given: control all 2, treatment all 3
        AnalysisRequest request = request(metric(MetricKind.MEAN, arm("control", 4, 8, 16), arm("b", 4, 12, 36)));

        // when
        ComparisonResult comparison = analyzer.analyze(request).metrics().get(0).comparisons().get(0);

        // then
        assertThat(comparison.status()).isEqualTo(Status.ZERO_VARIANCE);
        assertThat(comparison.difference()).isEqualTo(1.0);
        assertThat(comparison.pValue()).isNull();
    }

    @Test
    void shouldOmitRelativeLiftAndFallBackToVarianceTauWhenControlMeanIsZero() {
        // given: control {−1, 1}: mean 0, s² 2; treatment {0, 2}: mean 1, s² 2
        AnalysisRequest request = request(metric(MetricKind.MEAN, arm("control", 2, 0, 2), arm("b", 2, 2, 4)));

        // when
        MetricResult metric = analyzer.analyze(request).metrics().get(0);

        // then
        ComparisonResult comparison = metric.comparisons().get(0);
        assertThat(comparison.status()).isEqualTo(Status.OK);
        assertThat(comparison.relativeLift()).isNull();
        assertThat(comparison.reason()).contains("control mean is 0");
        assertThat(metric.tau2()).isCloseTo(Analyzer.DEFAULT_VARIANCE_SHARE * 2, within(1e-15));
        assertThat(metric.tau2Source()).isEqualTo(AnalysisResult.Tau2Source.DEFAULT);
        assertThat(comparison.alwaysValidP()).isNotNull();
    }

    @Test
    void shouldUseTheGivenTau2AndSayItWasConfiguredWhenTheRequestCarriesOne() {
        // given: the same statistics, once with τ² = 0.5 and once without
        MetricStatistics withTau = new MetricStatistics("m", MetricKind.MEAN, MetricRole.PRIMARY, 0.5,
                List.of(arm("control", 2, 0, 2), arm("b", 2, 2, 4)));
        MetricStatistics without = new MetricStatistics("m", MetricKind.MEAN, MetricRole.PRIMARY, null,
                List.of(arm("control", 2, 0, 2), arm("b", 2, 2, 4)));

        // when
        MetricResult configured = analyzer.analyze(request(withTau)).metrics().get(0);
        MetricResult fallback = analyzer.analyze(request(without)).metrics().get(0);

        // then: the mSPRT of Δ = 1, V = 2 with τ² = 0.5: Λ = sqrt(V/(V+τ²))·exp(τ²Δ²/(2V(V+τ²)))
        assertThat(configured.tau2()).isEqualTo(0.5);
        assertThat(configured.tau2Source()).isEqualTo(AnalysisResult.Tau2Source.CONFIGURED);
        double v = 2.0;
        double lambda = Math.sqrt(v / (v + 0.5)) * Math.exp(0.5 / (2 * v * (v + 0.5)));
        assertThat(configured.comparisons().get(0).alwaysValidP()).isCloseTo(Math.min(1, 1 / lambda), within(1e-12));
        assertThat(fallback.tau2Source()).isEqualTo(AnalysisResult.Tau2Source.DEFAULT);
        assertThat(fallback.tau2()).isNotEqualTo(0.5);
    }

    @Test
    void shouldReturnNoComparisonWhenOnlyTheControlArmExists() {
        AnalysisResult result = analyzer.analyze(request(metric(MetricKind.MEAN, arm("control", 3, 6, 14))));
        assertThat(result.metrics().get(0).comparisons()).isEmpty();
        assertThat(result.metrics().get(0).arms()).hasSize(1);
    }

    @Test
    void shouldKeepTheAlwaysValidPValueMonotoneWhenAPreviousValueIsLower() {
        // given
        MetricStatistics metric = metric(MetricKind.MEAN, arm("control", 3, 6, 14), arm("b", 3, 12, 56));
        AnalysisResult first = analyzer.analyze(request(metric));
        double fresh = first.metrics().get(0).comparisons().get(0).alwaysValidP();

        // when
        AnalysisRequest.PreviousAlwaysValid previous = new AnalysisRequest.PreviousAlwaysValid(0.0005, null,
                List.of(new AnalysisRequest.PreviousComparison("m", "b", fresh / 10)));
        AnalysisResult second = analyzer.analyze(new AnalysisRequest("control", 0.05, Map.of("control", 5000, "b", 5000),
                Map.of("control", 100L, "b", 100L), null, List.of(metric), previous));

        // then
        assertThat(second.metrics().get(0).comparisons().get(0).alwaysValidP()).isEqualTo(fresh / 10);
        assertThat(second.srmCoverage().sequentialP()).isEqualTo(0.0005);
        assertThat(second.srmCoverage().flagged()).isTrue();
        assertThat(second.nextPrevious().comparisons()).containsExactly(
                new AnalysisRequest.PreviousComparison("m", "b", fresh / 10));
    }

    @Test
    void shouldFlagSampleRatioMismatchWhenCoverageIsFarFromTheWeights() {
        // given 50/50 configured, 10000 vs 11000 covered
        AnalysisRequest request = new AnalysisRequest("control", 0.05, Map.of("control", 5000, "b", 5000),
                Map.of("control", 10_000L, "b", 11_000L), Map.of("control", 5L, "b", 5L), List.of(), null);

        // when
        AnalysisResult result = analyzer.analyze(request);

        // then
        assertThat(result.srmCoverage().status()).isEqualTo(Status.OK);
        assertThat(result.srmCoverage().fixedHorizonP()).isLessThan(1e-10);
        assertThat(result.srmCoverage().sequentialP()).isLessThan(Analyzer.SRM_THRESHOLD);
        assertThat(result.srmCoverage().flagged()).isTrue();
        assertThat(result.srmCoverage().expected()).containsEntry("control", 10_500.0);
        assertThat(result.srmAssignment().flagged()).isFalse();
    }

    @Test
    void shouldFlagUnitsInATreatmentWithWeightZeroAndSkipSrmWithoutCounts() {
        AnalysisResult result = analyzer.analyze(new AnalysisRequest("control", 0.05,
                Map.of("control", 10_000, "b", 0), Map.of("control", 10L, "b", 1L), null, List.of(), null));
        assertThat(result.srmCoverage().flagged()).isTrue();
        assertThat(result.srmCoverage().sequentialP()).isZero();
        assertThat(result.srmAssignment().status()).isEqualTo(Status.NOT_ENOUGH_DATA);
        assertThat(result.srmAssignment().sequentialP()).isNull();
    }

    @Test
    void shouldPutGuardrailsInTheirOwnHolmFamilyAndLeaveSecondaryUnadjusted() {
        // given three metrics with the same data
        ArmMoments control = arm("control", 4, 10, 30);
        ArmMoments b = arm("b", 4, 14, 54);
        AnalysisRequest request = new AnalysisRequest("control", 0.05, null, null, null, List.of(
                new MetricStatistics("p", MetricKind.MEAN, MetricRole.PRIMARY, null, List.of(control, b)),
                new MetricStatistics("g", MetricKind.MEAN, MetricRole.GUARDRAIL, null, List.of(control, b)),
                new MetricStatistics("g2", MetricKind.MEAN, MetricRole.GUARDRAIL, null, List.of(control, b)),
                new MetricStatistics("s", MetricKind.MEAN, MetricRole.SECONDARY, null, List.of(control, b))), null);

        // when
        List<MetricResult> metrics = analyzer.analyze(request).metrics();

        // then: a family of one leaves p as it is; a family of two doubles it
        ComparisonResult primary = metrics.get(0).comparisons().get(0);
        assertThat(primary.holmP()).isEqualTo(primary.pValue());
        ComparisonResult guardrail = metrics.get(1).comparisons().get(0);
        assertThat(guardrail.holmP()).isEqualTo(Math.min(1, 2 * guardrail.pValue()));
        assertThat(metrics.get(3).comparisons().get(0).holmP()).isNull();
        assertThat(metrics.get(3).adjustment()).isEqualTo(AnalysisResult.Adjustment.UNADJUSTED_SECONDARY);
    }

    @Test
    void shouldStayFiniteWhenCountsAndSumsAreAtTheirBounds() {
        // given 10^12 units per arm, means 10^13 and 2·10^13, unit variance 10^26, correlation 0.5 with x
        long n = AnalysisLimits.MAX_UNITS;
        AnalysisRequest request = request(metric(MetricKind.MEAN,
                new ArmMoments("control", n, big("1e25"), big("2e38"), big("1e25"), big("2e38"), big("1.5e38")),
                new ArmMoments("b", n, big("2e25"), big("5e38"), big("1e25"), big("2e38"), big("2.5e38"))));

        // when
        AnalysisResult result = analyzer.analyze(request);

        // then
        assertThat(result.metrics().get(0).comparisons().get(0).status()).isEqualTo(Status.OK);
        assertThat(json(result)).doesNotContain("NaN", "Infinity");
    }

    @Test
    void shouldNeverWriteNaNOrInfinityWhenRequestsAreRandomButValid() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            AnalysisRequest request = randomValidRequest(random);
            assertThat(json(analyzer.analyze(request))).as("request %s", request).doesNotContain("NaN", "Infinity");
        }
    }

    @Test
    void shouldRejectRequestsThatNoSetOfUnitsCouldProduce() {
        MetricStatistics good = metric(MetricKind.MEAN, arm("control", 3, 6, 14), arm("b", 3, 6, 14));
        rejects(new AnalysisRequest("nobody", 0.05, null, null, null, List.of(good), null), "metrics[0].arms");
        rejects(new AnalysisRequest("control", 0.0, null, null, null, List.of(good), null), "alpha");
        rejects(new AnalysisRequest("control", 1.0, null, null, null, List.of(good), null), "alpha");
        rejects(new AnalysisRequest("control", Double.NaN, null, null, null, List.of(good), null), "alpha");
        rejects(new AnalysisRequest("control", null, null, null, null, List.of(good), null), "alpha");
        rejects(request(metric(MetricKind.MEAN, arm("control", -1, 0, 0))), "metrics[0].arms[0].n");
        rejects(request(metric(MetricKind.MEAN, arm("control", 3, 6, 11))), "metrics[0].arms[0].sumY2");
        rejects(request(metric(MetricKind.PROPORTION, arm("control", 3, 2, 4))), "metrics[0].arms[0].sumY");
        // more successes than units: s(n − s) < 0 is already a negative variance
        rejects(request(metric(MetricKind.PROPORTION, arm("control", 3, 4, 4))), "metrics[0].arms[0].sumY2");
        rejects(request(metric(MetricKind.MEAN, arm("control", 0, 1, 1))), "metrics[0].arms[0]");
        rejects(request(metric(MetricKind.MEAN, arm("control", 3, 6, 14), arm("control", 3, 6, 14))),
                "metrics[0].arms[1].treatment");
        rejects(request(metric(MetricKind.MEAN, new ArmMoments("control", 3, new BigDecimal("1e41"),
                new BigDecimal("1e83"), null, null, null))), "metrics[0].arms[0].sumY");
        rejects(request(metric(MetricKind.MEAN, new ArmMoments("control", 3, new BigDecimal("1e-30"),
                BigDecimal.ONE, null, null, null))), "metrics[0].arms[0].sumY");
        rejects(request(metric(MetricKind.MEAN, new ArmMoments("control", 2, BigDecimal.ZERO, BigDecimal.valueOf(2),
                BigDecimal.ZERO, BigDecimal.valueOf(2), BigDecimal.valueOf(5)))), "metrics[0].arms[0].sumXY");
        rejects(request(new MetricStatistics("m", MetricKind.MEAN, MetricRole.PRIMARY, -1.0,
                List.of(arm("control", 3, 6, 14)))), "metrics[0].tau2");
        rejects(new AnalysisRequest("control", 0.05, Map.of("control", 5000, "b", 4999), null, null, List.of(good),
                null), "expectedWeightsBasisPoints");
        rejects(new AnalysisRequest("control", 0.05, Map.of("control", 5000, "b", 5000), Map.of("c", 1L), null,
                List.of(good), null), "coverageUnits.c");
        rejects(new AnalysisRequest("control", 0.05, Map.of("control", 5000, "b", 5000), null, Map.of("b", -1L),
                List.of(good), null), "assignmentUnits.b");
        rejects(new AnalysisRequest("control", 0.05, null, Map.of("b", 1L), null, List.of(good), null),
                "expectedWeightsBasisPoints");
        List<ArmMoments> tooMany = new ArrayList<>();
        for (int i = 0; i <= AnalysisLimits.MAX_ARMS; i++) {
            tooMany.add(arm(i == 0 ? "control" : "t" + i, 3, 6, 14));
        }
        rejects(request(new MetricStatistics("m", MetricKind.MEAN, MetricRole.PRIMARY, null, tooMany)),
                "metrics[0].arms");
        List<MetricStatistics> tooManyMetrics = new ArrayList<>();
        for (int i = 0; i <= AnalysisLimits.MAX_METRICS; i++) {
            tooManyMetrics.add(new MetricStatistics("m" + i, MetricKind.MEAN, MetricRole.SECONDARY, null,
                    List.of(arm("control", 3, 6, 14))));
        }
        rejects(new AnalysisRequest("control", 0.05, null, null, null, tooManyMetrics, null), "metrics");
        rejects(new AnalysisRequest("control", 0.05, null, null, null, List.of(good, good), null), "metrics[1].metric");
        rejects(new AnalysisRequest("control", 0.05, null, null, null, List.of(good), new AnalysisRequest
                .PreviousAlwaysValid(1.5, null, null)), "previous.srmCoverageP");
    }

    private void rejects(AnalysisRequest request, String field) {
        assertThatThrownBy(() -> analyzer.analyze(request))
                .isInstanceOfSatisfying(InvalidAnalysisRequest.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static AnalysisRequest randomValidRequest(Random random) {
        MetricKind kind = MetricKind.values()[random.nextInt(3)];
        List<ArmMoments> arms = new ArrayList<>();
        int armCount = 1 + random.nextInt(3);
        for (int a = 0; a < armCount; a++) {
            String treatment = a == 0 ? "control" : "t" + a;
            ArmMoments arm = ArmMoments.empty(treatment);
            int n = random.nextInt(5);
            long scale = (long) Math.pow(10, random.nextInt(13));
            for (int i = 0; i < n; i++) {
                long y = kind == MetricKind.PROPORTION ? random.nextInt(2) : pick(random, scale);
                long x = kind == MetricKind.PROPORTION ? random.nextInt(2) : pick(random, scale);
                arm = arm.plus(BigDecimal.valueOf(y), BigDecimal.valueOf(random.nextBoolean() ? x : 0));
            }
            arms.add(arm);
        }
        Double tau2 = random.nextBoolean() ? null : Math.pow(10, -300 + 600 * random.nextDouble());
        return new AnalysisRequest("control", random.nextDouble() * 0.98 + 0.01,
                Map.of("control", 10_000), Map.of("control", (long) random.nextInt(3)), null,
                List.of(new MetricStatistics("m", kind, MetricRole.PRIMARY, tau2, arms)), null);
    }

    private static long pick(Random random, long scale) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> scale;
            case 2 -> -scale;
            default -> (long) (random.nextGaussian() * scale);
        };
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static String json(AnalysisResult result) {
        return JSON.writeValueAsString(result);
    }

    private static BigDecimal big(String value) {
        return new BigDecimal(value);
    }

    private static AnalysisRequest request(MetricStatistics metric) {
        return new AnalysisRequest("control", 0.05, null, null, null, List.of(metric), null);
    }

    private static MetricStatistics metric(MetricKind kind, ArmMoments... arms) {
        return new MetricStatistics("m", kind, MetricRole.PRIMARY, null, List.of(arms));
    }

    private static ArmMoments arm(String treatment, long n, long sumY, long sumY2) {
        return ArmMoments.of(treatment, n, BigDecimal.valueOf(sumY), BigDecimal.valueOf(sumY2));
    }
}
