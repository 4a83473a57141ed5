package dev.ep.stats.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.stats.analysis.AnalysisResult.ComparisonResult;
import dev.ep.stats.analysis.AnalysisResult.MetricResult;
import dev.ep.stats.analysis.AnalysisResult.Status;
import dev.ep.stats.PearsonChiSquare;
import dev.ep.stats.Power;
import dev.ep.stats.SequentialMultinomial;
import dev.ep.stats.Welch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every figure of the {@link Analyzer} against an independent reference, for many seeded random inputs: scipy's
 * {@code ttest_ind(equal_var=False)} on the raw units (so the sums → moments step is checked too), {@code chisquare},
 * statsmodels' {@code multipletests(method='holm')} and {@code NormalIndPower.solve_power}; the papers' formulas
 * (mSPRT, confidence sequence, chance to beat, delta-method lift and ratio, CUPED, the sequential multinomial test)
 * evaluated with numpy from the raw units in {@code reference.py}.
 */
class AnalysisReferenceIT {

    /** Relative tolerance: the figures agree to ~8 significant digits or better. */
    private static final double TOLERANCE = 1e-8;
    private static final long SEED = 20261130L;

    private static PythonReference python;

    @BeforeAll
    static void findPython() throws Exception {
        python = PythonReference.require();
    }

    @Test
    void shouldMatchScipyStatsmodelsAndThePapersWhenAnalysingRandomExperiments() throws Exception {
        // given
        Random random = new Random(SEED);
        List<Map<String, Object>> cases = new ArrayList<>();
        List<AnalysisResult> results = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            RandomExperiment experiment = RandomExperiment.generate(random);
            cases.add(experiment.referenceCase());
            // when
            results.add(new Analyzer().analyze(experiment.request()));
        }
        JsonNode references = python.compute(Map.of("cases", cases));

        // then
        Mismatches softly = new Mismatches();
        int compared = 0;
        for (int i = 0; i < results.size(); i++) {
            for (MetricResult metric : results.get(i).metrics()) {
                JsonNode expectedMetric = references.get(i).get("metrics").get(metric.metric());
                for (ComparisonResult comparison : metric.comparisons()) {
                    JsonNode expected = expectedMetric.get("comparisons").get(comparison.treatment());
                    String where = "case " + i + " " + metric.metric() + " " + comparison.treatment() + " ";
                    softly.check(where + "status OK", comparison.status() == Status.OK, comparison.status() + " " + comparison.reason());
                    compareComparison(softly, where, metric, comparison, expected);
                    compared++;
                }
            }
        }
        softly.assertNone();
        assertThat(compared).isGreaterThan(200);
    }

    private static void compareComparison(Mismatches softly, String where, MetricResult metric,
                                          ComparisonResult actual, JsonNode expected) {
        double se = actual.standardError();
        close(softly, where + "difference", actual.difference(), expected.get("difference"), se);
        close(softly, where + "statistic", actual.statistic(), expected.get("statistic"), 0);
        close(softly, where + "p", actual.pValue(), expected.get("p"), 0);
        close(softly, where + "ci.lower", actual.differenceCi().lower(), expected.get("lower"), se);
        close(softly, where + "ci.upper", actual.differenceCi().upper(), expected.get("upper"), se);
        if (metric.kind() != MetricKind.RATIO) {
            close(softly, where + "df", actual.degreesOfFreedom(), expected.get("df"), 0);
        }
        close(softly, where + "lift", actual.relativeLift(), expected.get("lift_lift"), 1e-6);
        close(softly, where + "lift.lower", actual.relativeLiftCi().lower(), expected.get("lift_lower"), 1e-6);
        close(softly, where + "lift.upper", actual.relativeLiftCi().upper(), expected.get("lift_upper"), 1e-6);
        close(softly, where + "alwaysValidP", actual.alwaysValidP(), expected.get("alwaysValidP"), 0);
        close(softly, where + "cs.lower", actual.confidenceSequence().lower(), expected.get("csLower"), se);
        close(softly, where + "cs.upper", actual.confidenceSequence().upper(), expected.get("csUpper"), se);
        close(softly, where + "chance", actual.chanceToBeatControl(), expected.get("chance"), 0);
        if (metric.role() == MetricRole.SECONDARY) {
            softly.check(where + "holmP of a secondary metric is null", actual.holmP() == null, String.valueOf(actual.holmP()));
        } else {
            close(softly, where + "holmP", actual.holmP(), expected.get("holm_p"), 0);
            close(softly, where + "holmAlwaysValidP", actual.holmAlwaysValidP(), expected.get("holm_alwaysValidP"), 0);
        }
        if (expected.has("cuped_theta")) {
            softly.check(where + "cuped is present", actual.cuped() != null, "null");
            if (actual.cuped() != null) {
                double cupedSe = actual.cuped().standardError();
                close(softly, where + "cuped.theta", actual.cuped().theta(), expected.get("cuped_theta"), 0);
                close(softly, where + "cuped.difference", actual.cuped().difference(),
                        expected.get("cuped_difference"), cupedSe);
                close(softly, where + "cuped.p", actual.cuped().pValue(), expected.get("cuped_p"), 0);
                close(softly, where + "cuped.lower", actual.cuped().differenceCi().lower(),
                        expected.get("cuped_lower"), cupedSe);
                close(softly, where + "cuped.upper", actual.cuped().differenceCi().upper(),
                        expected.get("cuped_upper"), cupedSe);
            }
        } else {
            softly.check(where + "cuped is null", actual.cuped() == null, String.valueOf(actual.cuped()));
        }
    }

    @Test
    void shouldMatchScipyChisquareAndTheSequentialMultinomialFormulaWhenCheckingSampleRatios() throws Exception {
        // given
        Random random = new Random(SEED + 1);
        List<Map<String, Object>> cases = new ArrayList<>();
        List<long[]> observed = new ArrayList<>();
        List<double[]> shares = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int k = 2 + random.nextInt(4);
            int[] weights = RandomExperiment.weights(random, k);
            double[] share = new double[k];
            long[] counts = new long[k];
            long total = (long) Math.pow(10, 1 + random.nextInt(7)) + random.nextInt(1000);
            double skew = random.nextBoolean() ? 0 : 0.02 * random.nextDouble();
            for (int j = 0; j < k; j++) {
                share[j] = weights[j] / 10_000.0;
                double mean = total * share[j] * (1 + (j == 0 ? skew : 0));
                counts[j] = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
            }
            observed.add(counts);
            shares.add(share);
            cases.add(Map.of("type", "srm", "observed", counts, "shares", share));
        }

        // when
        JsonNode references = python.compute(Map.of("cases", cases));

        // then
        Mismatches softly = new Mismatches();
        for (int i = 0; i < observed.size(); i++) {
            PearsonChiSquare.Result chi = PearsonChiSquare.test(observed.get(i), shares.get(i));
            close(softly, "case " + i + " chi2", chi.statistic(), references.get(i).get("statistic"), 0);
            close(softly, "case " + i + " chi2 p", chi.pValue(), references.get(i).get("p"), 0);
            // ln BF is a difference of log-gammas of size ~N·ln N: double rounding alone leaves ~1e-8 relative in
            // 1/BF (in scipy's gammaln as here), so the sequential p is compared to 1e-6.
            double sequential = SequentialMultinomial.pValue(observed.get(i), shares.get(i));
            double expected = references.get(i).get("sequentialP").asDouble();
            softly.check("case " + i + " sequential p", Math.abs(sequential - expected) <= 1e-6 * expected,
                    sequential + " vs reference " + expected);
        }
        softly.assertNone();
    }

    @Test
    void shouldMatchStatsmodelsNormalIndPowerWhenSolvingForUnitsPerArm() throws Exception {
        // given
        Random random = new Random(SEED + 2);
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Power.SampleSize> actual = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double mde = 0.005 + 0.3 * random.nextDouble();
            double mean = Math.pow(10, -2 + 5 * random.nextDouble());
            double variance = mean * mean * Math.pow(10, -1 + 3 * random.nextDouble());
            double alpha = 0.001 + 0.15 * random.nextDouble();
            double power = 0.5 + 0.49 * random.nextDouble();
            cases.add(Map.of("type", "power", "mde", mde, "mean", mean, "variance", variance, "alpha", alpha,
                    "power", power));
            // when
            actual.add(Power.unitsPerArm(mde, mean, variance, alpha, power));
        }
        JsonNode references = python.compute(Map.of("cases", cases));

        // then: statsmodels' brentq stops at its own tolerance, so 1e-6 relative here
        Mismatches softly = new Mismatches();
        for (int i = 0; i < actual.size(); i++) {
            double expected = references.get(i).get("unitsPerArm").asDouble();
            double units = actual.get(i).unitsPerArm();
            softly.check("case " + i + " units per arm", Math.abs(units - expected) <= 1e-6 * expected,
                    units + " vs reference " + expected);
        }
        softly.assertNone();
    }

    @Test
    void shouldMatchScipyTtestFromStatsWhenCountsAreHuge() throws Exception {
        // given
        Random random = new Random(SEED + 3);
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Welch.Result> actual = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long nT = 2 + (long) Math.pow(10, 12 * random.nextDouble());
            long nC = 2 + (long) Math.pow(10, 12 * random.nextDouble());
            double meanC = 1000 * random.nextDouble();
            double sdC = 10 + 1000 * random.nextDouble();
            double sdT = 10 + 1000 * random.nextDouble();
            double meanT = meanC + sdC * random.nextGaussian() * 5 / Math.sqrt(Math.min(nT, nC));
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("type", "fromStats");
            reference.put("meanT", meanT);
            reference.put("sdT", sdT);
            reference.put("nT", nT);
            reference.put("meanC", meanC);
            reference.put("sdC", sdC);
            reference.put("nC", nC);
            cases.add(reference);
            // when
            actual.add(Welch.test(meanT, sdT * sdT, nT, meanC, sdC * sdC, nC, 0.05));
        }
        JsonNode references = python.compute(Map.of("cases", cases));

        // then
        Mismatches softly = new Mismatches();
        for (int i = 0; i < actual.size(); i++) {
            close(softly, "case " + i + " t", actual.get(i).statistic(), references.get(i).get("statistic"), 0);
            close(softly, "case " + i + " p", actual.get(i).pValue(), references.get(i).get("p"), 0);
        }
        softly.assertNone();
    }

    /** |actual − expected| ≤ TOLERANCE · max(|actual|, |expected|, floor). */
    private static void close(Mismatches softly, String what, Double actual, JsonNode expected, double floor) {
        if (actual == null || expected == null || !expected.isNumber()) {
            softly.check(what + " has a value and a reference", false, actual + " vs reference " + expected);
            return;
        }
        double reference = expected.asDouble();
        double scale = Math.max(Math.max(Math.abs(actual), Math.abs(reference)), floor);
        softly.check(what, Math.abs(actual - reference) <= TOLERANCE * scale, actual + " vs reference " + reference);
    }

    /** Collects every mismatch and fails once, listing them (AssertJ's soft assertions cost ~ms each here). */
    static final class Mismatches {

        private final List<String> failures = new ArrayList<>();
        private int checks;

        void check(String what, boolean ok, String detail) {
            checks++;
            if (!ok) {
                failures.add(what + ": " + detail);
            }
        }

        void assertNone() {
            assertThat(checks).as("checks made").isPositive();
            assertThat(failures).as("%d of %d checks failed", failures.size(), checks).isEmpty();
        }
    }

    /** A random experiment: raw unit values per arm (for Python) and their sums (for the Analyzer). */
    record RandomExperiment(AnalysisRequest request, Map<String, Object> referenceCase) {

        static RandomExperiment generate(Random random) {
            int armCount = 2 + random.nextInt(3);
            double alpha = List.of(0.01, 0.05, 0.1).get(random.nextInt(3));
            List<MetricStatistics> metrics = new ArrayList<>();
            List<Map<String, Object>> rawMetrics = new ArrayList<>();
            int metricCount = 1 + random.nextInt(3);
            for (int m = 0; m < metricCount; m++) {
                MetricKind kind = MetricKind.values()[random.nextInt(3)];
                MetricRole role = m == 0 ? MetricRole.PRIMARY : MetricRole.values()[random.nextInt(3)];
                boolean cuped = kind != MetricKind.RATIO && random.nextBoolean();
                Double tau2 = random.nextInt(4) == 0 ? Math.pow(10, -3 + 4 * random.nextDouble()) : null;
                double base = kind == MetricKind.PROPORTION ? 0.05 + 0.4 * random.nextDouble()
                        : 100 + 5000 * random.nextDouble();
                List<ArmMoments> arms = new ArrayList<>();
                List<Map<String, Object>> rawArms = new ArrayList<>();
                for (int a = 0; a < armCount; a++) {
                    String treatment = a == 0 ? "control" : "t" + a;
                    double effect = 1 + 0.2 * random.nextGaussian();
                    Arm arm = Arm.generate(random, kind, cuped, base * effect, 2 + random.nextInt(a == 0 ? 400 : 300));
                    arms.add(arm.moments(treatment));
                    rawArms.add(arm.raw(treatment, cuped || kind == MetricKind.RATIO));
                }
                String name = "metric-" + m;
                metrics.add(new MetricStatistics(name, kind, role, tau2, arms));
                Map<String, Object> raw = new LinkedHashMap<>();
                raw.put("metric", name);
                raw.put("kind", kind.name());
                raw.put("role", role.name());
                raw.put("tau2", tau2);
                raw.put("arms", rawArms);
                rawMetrics.add(raw);
            }
            AnalysisRequest request = new AnalysisRequest("control", alpha, null, null, null, metrics, null);
            Map<String, Object> reference = new LinkedHashMap<>();
            reference.put("type", "analysis");
            reference.put("alpha", alpha);
            reference.put("control", "control");
            reference.put("metrics", rawMetrics);
            return new RandomExperiment(request, reference);
        }

        static int[] weights(Random random, int k) {
            int[] weights = new int[k];
            int left = 10_000;
            for (int j = 0; j < k - 1; j++) {
                weights[j] = 1 + random.nextInt(left / (k - j));
                left -= weights[j];
            }
            weights[k - 1] = left;
            return weights;
        }
    }

    /** One arm's raw units. */
    record Arm(long[] y, long[] x) {

        static Arm generate(Random random, MetricKind kind, boolean cuped, double level, int n) {
            while (true) {
                long[] y = new long[n];
                long[] x = new long[n];
                for (int i = 0; i < n; i++) {
                    switch (kind) {
                        case PROPORTION -> {
                            y[i] = random.nextDouble() < level ? 1 : 0;
                            x[i] = cuped ? (random.nextDouble() < 0.5 + 0.4 * (y[i] - 0.5) ? 1 : 0) : 0;
                        }
                        case MEAN -> {
                            double pre = random.nextDouble() < 0.3 ? 0 : level * Math.exp(random.nextGaussian());
                            x[i] = cuped ? Math.round(pre) : 0;
                            y[i] = Math.max(0, Math.round(0.7 * pre + 0.5 * level * Math.exp(random.nextGaussian())));
                        }
                        case RATIO -> {
                            x[i] = random.nextInt(4);
                            y[i] = Math.round(x[i] * level * Math.exp(0.5 * random.nextGaussian()));
                        }
                    }
                }
                if (varies(y) && (!cuped || varies(x)) && (kind != MetricKind.RATIO || varies(x))) {
                    return new Arm(y, x);
                }
            }
        }

        private static boolean varies(long[] values) {
            for (long value : values) {
                if (value != values[0]) {
                    return true;
                }
            }
            return false;
        }

        ArmMoments moments(String treatment) {
            ArmMoments moments = ArmMoments.empty(treatment);
            for (int i = 0; i < y.length; i++) {
                moments = moments.plus(BigDecimal.valueOf(y[i]), BigDecimal.valueOf(x[i]));
            }
            return moments;
        }

        Map<String, Object> raw(String treatment, boolean withX) {
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("treatment", treatment);
            raw.put("y", y);
            if (withX) {
                raw.put("x", x);
            }
            return raw;
        }
    }
}
