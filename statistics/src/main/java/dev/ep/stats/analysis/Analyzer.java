package dev.ep.stats.analysis;

import dev.ep.stats.analysis.AnalysisResult.Adjustment;
import dev.ep.stats.analysis.AnalysisResult.ArmResult;
import dev.ep.stats.analysis.AnalysisResult.ComparisonResult;
import dev.ep.stats.analysis.AnalysisResult.CupedResult;
import dev.ep.stats.analysis.AnalysisResult.MetricResult;
import dev.ep.stats.analysis.AnalysisResult.SampleRatioResult;
import dev.ep.stats.analysis.AnalysisResult.Status;
import dev.ep.stats.analysis.AnalysisResult.Tau2Source;
import dev.ep.stats.Cuped;
import dev.ep.stats.DeltaMethod;
import dev.ep.stats.Holm;
import dev.ep.stats.Interval;
import dev.ep.stats.Msprt;
import dev.ep.stats.PearsonChiSquare;
import dev.ep.stats.SampleMoments;
import dev.ep.stats.SequentialMultinomial;
import dev.ep.stats.Welch;
import dev.ep.stats.ZTest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns per-arm sufficient statistics into every published figure. Stateless and deterministic: the stream's
 * results and {@code POST /v1/analysis} call the same method with the same shape, so an auditor gets the same numbers.
 *
 * <p>Choices the formulas leave open, decided here:
 * <ul>
 *   <li>Means and proportions: Welch's t-test; ratios: the delta method and a z-test. Every difference is
 *       treatment − control.</li>
 *   <li>τ² (the mSPRT mixture variance, on the scale of the difference) defaults to {@code (0.1 × control mean)²}:
 *       a prior that true effects are mostly within ±10% of the control's level. When the control mean is 0 it
 *       falls back to {@code 0.01 ×} the control's per-unit variance. Configure τ² per metric for a guarantee that
 *       does not drift with the control mean.</li>
 *   <li>Holm families: all comparisons of all PRIMARY metrics form one family, all GUARDRAIL ones another, each
 *       adjusted separately for the fixed-horizon and the always-valid p-values. SECONDARY metrics are not adjusted
 *       (their {@code holm*} fields are null, the adjustment says so).</li>
 *   <li>CUPED applies to MEAN and PROPORTION metrics whose arms carry x terms; θ is pooled over all arms.</li>
 *   <li>Always-valid p-values (comparisons and sequential SRM) are running minima with the request's previous
 *       values; the confidence sequence is the one of the current statistics (not intersected over time).</li>
 * </ul>
 */
public final class Analyzer {

    /** Sequential SRM p-values below this flag the experiment (banners, auto-pause). */
    public static final double SRM_THRESHOLD = 0.001;
    /** Default τ = this × |control mean|. */
    public static final double DEFAULT_RELATIVE_TAU = 0.1;
    /** Fallback τ² = this × the control's per-unit variance, when the control mean is 0. */
    public static final double DEFAULT_VARIANCE_SHARE = 0.01;

    private static final MathContext CONTEXT = MathContext.DECIMAL128;

    /**
     * @throws InvalidAnalysisRequest when the request is inconsistent or beyond {@link AnalysisLimits}
     */
    public AnalysisResult analyze(AnalysisRequest request) {
        AnalysisRequestCheck.check(request);
        Map<PreviousKey, Double> previous = new HashMap<>();
        for (AnalysisRequest.PreviousComparison comparison : request.previous().comparisons()) {
            previous.merge(new PreviousKey(comparison.metric(), comparison.treatment()), comparison.alwaysValidP(),
                    Math::min);
        }
        List<MetricResult> metrics = new ArrayList<>();
        for (MetricStatistics metric : request.metrics()) {
            metrics.add(metric(request.control(), request.alpha(), metric, previous));
        }
        metrics = holm(metrics, MetricRole.PRIMARY);
        metrics = holm(metrics, MetricRole.GUARDRAIL);
        return new AnalysisResult(request.control(), request.alpha(), metrics,
                sampleRatio(request.expectedWeightsBasisPoints(), request.coverageUnits(),
                        request.previous().srmCoverageP()),
                sampleRatio(request.expectedWeightsBasisPoints(), request.assignmentUnits(),
                        request.previous().srmAssignmentP()));
    }

    private record PreviousKey(String metric, String treatment) {
    }

    /** One arm's estimate: the mean (or ratio), the per-unit variance and the variance of the estimate. */
    private record ArmEstimate(String treatment, long n, Double mean, Double variance, Double varianceOfMean,
                               SampleMoments moments, String missing) {

        ArmResult result() {
            return new ArmResult(treatment, n, mean, variance,
                    varianceOfMean == null ? null : Math.sqrt(varianceOfMean));
        }
    }

    private static ArmEstimate estimate(MetricKind kind, ArmMoments arm) {
        long n = arm.n();
        if (n == 0) {
            return new ArmEstimate(arm.treatment(), 0, null, null, null, null, "no units in '" + arm.treatment() + "'");
        }
        Double mean;
        if (kind == MetricKind.RATIO) {
            if (arm.sumX().signum() == 0) {
                return new ArmEstimate(arm.treatment(), n, null, null, null, null,
                        "the denominator of '" + arm.treatment() + "' sums to 0");
            }
            mean = arm.sumY().divide(arm.sumX(), CONTEXT).doubleValue();
        } else {
            mean = arm.sumY().divide(BigDecimal.valueOf(n), CONTEXT).doubleValue();
        }
        if (n < 2) {
            return new ArmEstimate(arm.treatment(), n, mean, null, null, null,
                    "fewer than 2 units in '" + arm.treatment() + "'");
        }
        SampleMoments moments = SampleMoments.of(n, arm.sumY(), arm.sumY2(), arm.sumX(), arm.sumX2(), arm.sumXY());
        if (kind == MetricKind.RATIO) {
            double varianceOfRatio = DeltaMethod.ratioVariance(moments);
            if (!Double.isFinite(varianceOfRatio * n)) {
                return new ArmEstimate(arm.treatment(), n, mean, null, null, null,
                        "the ratio's variance in '" + arm.treatment() + "' is beyond double precision");
            }
            return new ArmEstimate(arm.treatment(), n, mean, varianceOfRatio * n, varianceOfRatio, moments, null);
        }
        return new ArmEstimate(arm.treatment(), n, mean, moments.varY(), moments.varianceOfMeanY(), moments, null);
    }

    private static MetricResult metric(String control, double alpha, MetricStatistics metric,
                                       Map<PreviousKey, Double> previous) {
        Map<String, ArmEstimate> estimates = new LinkedHashMap<>();
        for (ArmMoments arm : metric.arms()) {
            estimates.put(arm.treatment(), estimate(metric.kind(), arm));
        }
        ArmEstimate controlArm = estimates.get(control);
        Double tau2 = tau2(metric, controlArm);
        CupedSetting cuped = cupedSetting(metric);
        List<ComparisonResult> comparisons = new ArrayList<>();
        for (ArmEstimate arm : estimates.values()) {
            if (!arm.treatment().equals(control)) {
                comparisons.add(compare(metric, arm, controlArm, alpha, tau2, cuped,
                        previous.get(new PreviousKey(metric.metric(), arm.treatment()))));
            }
        }
        List<ArmResult> arms = estimates.values().stream().map(ArmEstimate::result).toList();
        return new MetricResult(metric.metric(), metric.kind(), metric.role(), adjustment(metric.role()), tau2,
                metric.tau2() != null ? Tau2Source.CONFIGURED : Tau2Source.DEFAULT, arms, comparisons);
    }

    private static Adjustment adjustment(MetricRole role) {
        return switch (role) {
            case PRIMARY -> Adjustment.HOLM_PRIMARY_FAMILY;
            case GUARDRAIL -> Adjustment.HOLM_GUARDRAIL_FAMILY;
            case SECONDARY -> Adjustment.UNADJUSTED_SECONDARY;
        };
    }

    private static Double tau2(MetricStatistics metric, ArmEstimate control) {
        if (metric.tau2() != null) {
            return metric.tau2();
        }
        if (control.mean() != null && control.mean() != 0) {
            double tau = DEFAULT_RELATIVE_TAU * control.mean();
            return tau * tau;
        }
        if (control.variance() != null && control.variance() > 0) {
            return DEFAULT_VARIANCE_SHARE * control.variance();
        }
        return null;
    }

    private static ComparisonResult compare(MetricStatistics metric, ArmEstimate treatment, ArmEstimate control,
                                            double alpha, Double tau2, CupedSetting cuped, Double previousP) {
        try {
            return tested(metric, treatment, control, alpha, tau2, cuped, previousP);
        } catch (IllegalArgumentException | ArithmeticException e) {
            // Every guard of the statistics core: a figure beyond double precision, never a client's fault alone.
            return notTested(treatment.treatment(), Status.OUT_OF_RANGE, e.getMessage(),
                    metric.kind() == MetricKind.RATIO ? "DELTA_Z" : "WELCH_T", null);
        }
    }

    private static ComparisonResult tested(MetricStatistics metric, ArmEstimate treatment, ArmEstimate control,
                                           double alpha, Double tau2, CupedSetting cuped, Double previousP) {
        String test = metric.kind() == MetricKind.RATIO ? "DELTA_Z" : "WELCH_T";
        Double difference = treatment.mean() != null && control.mean() != null
                ? treatment.mean() - control.mean() : null;
        if (treatment.varianceOfMean() == null || control.varianceOfMean() == null) {
            String reason = treatment.missing() != null ? treatment.missing() : control.missing();
            return notTested(treatment.treatment(), Status.NOT_ENOUGH_DATA, reason, test, difference);
        }
        double variance = treatment.varianceOfMean() + control.varianceOfMean();
        if (!Double.isFinite(variance) || !Double.isFinite(difference)) {
            throw new IllegalArgumentException("the variance of the difference is beyond double precision");
        }
        if (!(variance > 0)) {
            return notTested(treatment.treatment(), Status.ZERO_VARIANCE,
                    "both arms have zero variance: no standard error", test, difference);
        }
        double diff;
        double se;
        double statistic;
        Double df;
        double p;
        Interval ci;
        if (metric.kind() == MetricKind.RATIO) {
            ZTest.Result z = ZTest.test(treatment.mean() - control.mean(), variance, alpha);
            diff = z.difference();
            se = z.standardError();
            statistic = z.statistic();
            df = null;
            p = z.pValue();
            ci = z.interval();
        } else {
            Welch.Result welch = Welch.test(treatment.mean(), treatment.variance(), treatment.n(), control.mean(),
                    control.variance(), control.n(), alpha);
            diff = welch.difference();
            se = welch.standardError();
            statistic = welch.statistic();
            df = welch.degreesOfFreedom();
            p = welch.pValue();
            ci = welch.interval();
        }
        List<String> notes = new ArrayList<>();
        Double lift = null;
        Interval liftCi = null;
        if (control.mean() == 0) {
            notes.add("the control mean is 0: no relative lift");
        } else {
            DeltaMethod.Lift relative = DeltaMethod.relativeLift(treatment.mean(), treatment.varianceOfMean(),
                    control.mean(), control.varianceOfMean(), alpha);
            lift = relative.lift();
            liftCi = relative.interval();
        }
        Double alwaysValidP = null;
        Interval sequence = null;
        Double chance = null;
        if (tau2 == null) {
            notes.add("no tau2: the control has mean 0 and variance 0, configure tau2 for always-valid figures");
        } else {
            Msprt.Result msprt = Msprt.evaluate(diff, variance, tau2, alpha);
            alwaysValidP = previousP == null ? msprt.alwaysValidP() : Math.min(previousP, msprt.alwaysValidP());
            sequence = msprt.confidenceSequence();
            chance = msprt.chanceToBeat();
        }
        return new ComparisonResult(treatment.treatment(), Status.OK, notes.isEmpty() ? null : String.join("; ", notes),
                test, diff, se, statistic, df, ci, p, null, lift, liftCi, alwaysValidP, null, sequence, chance,
                cuped.compare(treatment, control, variance, alpha));
    }

    private static ComparisonResult notTested(String treatment, Status status, String reason, String test,
                                              Double difference) {
        return new ComparisonResult(treatment, status, reason, test, difference, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** θ and the pooled covariate mean for a metric, or why CUPED does not apply. */
    private record CupedSetting(Double theta, Double pooledMeanX, String reason) {

        static final CupedSetting OFF = new CupedSetting(null, null, null);

        CupedResult compare(ArmEstimate treatment, ArmEstimate control, double rawVariance, double alpha) {
            if (this == OFF) {
                return null;
            }
            if (theta == null) {
                return notAdjusted(Status.NOT_ENOUGH_DATA, reason);
            }
            Cuped.Adjusted t = Cuped.adjust(treatment.moments(), theta, pooledMeanX);
            Cuped.Adjusted c = Cuped.adjust(control.moments(), theta, pooledMeanX);
            double variance = t.variance() / t.n() + c.variance() / c.n();
            if (!(variance > 0)) {
                return new CupedResult(Status.ZERO_VARIANCE, "the adjusted values have zero variance", theta,
                        c.mean(), t.mean(), t.mean() - c.mean(), null, null, null, null, null);
            }
            Welch.Result welch = Welch.test(t.mean(), t.variance(), t.n(), c.mean(), c.variance(), c.n(), alpha);
            return new CupedResult(Status.OK, null, theta, c.mean(), t.mean(), welch.difference(),
                    welch.standardError(), welch.degreesOfFreedom(), welch.interval(), welch.pValue(),
                    1 - variance / rawVariance);
        }

        private static CupedResult notAdjusted(Status status, String reason) {
            return new CupedResult(status, reason, null, null, null, null, null, null, null, null, null);
        }
    }

    private static CupedSetting cupedSetting(MetricStatistics metric) {
        if (metric.kind() == MetricKind.RATIO || metric.arms().stream().noneMatch(ArmMoments::hasX)) {
            return CupedSetting.OFF;
        }
        long n = 0;
        BigDecimal sumY = BigDecimal.ZERO;
        BigDecimal sumY2 = BigDecimal.ZERO;
        BigDecimal sumX = BigDecimal.ZERO;
        BigDecimal sumX2 = BigDecimal.ZERO;
        BigDecimal sumXY = BigDecimal.ZERO;
        for (ArmMoments arm : metric.arms()) {
            n += arm.n();
            sumY = sumY.add(arm.sumY());
            sumY2 = sumY2.add(arm.sumY2());
            sumX = sumX.add(arm.sumX());
            sumX2 = sumX2.add(arm.sumX2());
            sumXY = sumXY.add(arm.sumXY());
        }
        if (n < 2) {
            return new CupedSetting(null, null, "fewer than 2 units in all arms together");
        }
        SampleMoments pooled = SampleMoments.of(n, sumY, sumY2, sumX, sumX2, sumXY);
        if (!(pooled.varX() > 0)) {
            return new CupedSetting(null, null, "the covariate has no variance");
        }
        return new CupedSetting(Cuped.theta(pooled), pooled.meanX(), null);
    }

    /** Holm within one family, separately for the fixed-horizon and the always-valid p-values. */
    private static List<MetricResult> holm(List<MetricResult> metrics, MetricRole family) {
        List<Double> fixed = new ArrayList<>();
        List<Double> alwaysValid = new ArrayList<>();
        for (MetricResult metric : metrics) {
            if (metric.role() == family) {
                for (ComparisonResult comparison : metric.comparisons()) {
                    if (comparison.pValue() != null) {
                        fixed.add(comparison.pValue());
                    }
                    if (comparison.alwaysValidP() != null) {
                        alwaysValid.add(comparison.alwaysValidP());
                    }
                }
            }
        }
        double[] fixedAdjusted = Holm.adjust(fixed.stream().mapToDouble(Double::doubleValue).toArray());
        double[] alwaysValidAdjusted = Holm.adjust(alwaysValid.stream().mapToDouble(Double::doubleValue).toArray());
        int nextFixed = 0;
        int nextAlwaysValid = 0;
        List<MetricResult> adjusted = new ArrayList<>();
        for (MetricResult metric : metrics) {
            if (metric.role() != family) {
                adjusted.add(metric);
                continue;
            }
            List<ComparisonResult> comparisons = new ArrayList<>();
            for (ComparisonResult c : metric.comparisons()) {
                Double holmP = c.pValue() == null ? null : fixedAdjusted[nextFixed++];
                Double holmAlwaysValidP = c.alwaysValidP() == null ? null : alwaysValidAdjusted[nextAlwaysValid++];
                comparisons.add(new ComparisonResult(c.treatment(), c.status(), c.reason(), c.test(), c.difference(),
                        c.standardError(), c.statistic(), c.degreesOfFreedom(), c.differenceCi(), c.pValue(), holmP,
                        c.relativeLift(), c.relativeLiftCi(), c.alwaysValidP(), holmAlwaysValidP,
                        c.confidenceSequence(), c.chanceToBeatControl(), c.cuped()));
            }
            adjusted.add(new MetricResult(metric.metric(), metric.kind(), metric.role(), metric.adjustment(),
                    metric.tau2(), metric.tau2Source(), metric.arms(), comparisons));
        }
        return adjusted;
    }

    private static SampleRatioResult sampleRatio(Map<String, Integer> weights, Map<String, Long> counts,
                                                 Double previousP) {
        Map<String, Long> observed = new TreeMap<>();
        if (weights.isEmpty() || counts.isEmpty()) {
            return srmNotTested(observed, weights.isEmpty() ? "no expected weights" : "no units counted");
        }
        long total = 0;
        List<String> categories = new ArrayList<>();
        boolean impossible = false;
        for (Map.Entry<String, Integer> weight : new TreeMap<>(weights).entrySet()) {
            long count = counts.getOrDefault(weight.getKey(), 0L);
            observed.put(weight.getKey(), count);
            total += count;
            if (weight.getValue() > 0) {
                categories.add(weight.getKey());
            } else if (count > 0) {
                impossible = true;
            }
        }
        Map<String, Double> expected = new TreeMap<>();
        for (Map.Entry<String, Long> entry : observed.entrySet()) {
            expected.put(entry.getKey(), total * weights.get(entry.getKey()) / 10_000.0);
        }
        if (total == 0) {
            return srmNotTested(observed, "no units counted");
        }
        if (impossible) {
            return new SampleRatioResult(Status.OK, "units in a treatment whose weight is 0", observed, expected,
                    null, null, 0.0, 0.0, true, SRM_THRESHOLD);
        }
        if (categories.size() < 2) {
            return srmNotTested(observed, "a single treatment with weight: nothing to compare");
        }
        long[] counted = new long[categories.size()];
        double[] shares = new double[categories.size()];
        for (int i = 0; i < categories.size(); i++) {
            counted[i] = observed.get(categories.get(i));
            shares[i] = weights.get(categories.get(i)) / 10_000.0;
        }
        PearsonChiSquare.Result chi = PearsonChiSquare.test(counted, shares);
        double sequential = SequentialMultinomial.pValue(counted, shares);
        if (previousP != null) {
            sequential = Math.min(previousP, sequential);
        }
        return new SampleRatioResult(Status.OK, null, observed, expected, chi.statistic(), chi.degreesOfFreedom(),
                chi.pValue(), sequential, sequential < SRM_THRESHOLD, SRM_THRESHOLD);
    }

    private static SampleRatioResult srmNotTested(Map<String, Long> observed, String reason) {
        return new SampleRatioResult(Status.NOT_ENOUGH_DATA, reason, observed, Map.of(), null, null, null, null, false,
                SRM_THRESHOLD);
    }
}
