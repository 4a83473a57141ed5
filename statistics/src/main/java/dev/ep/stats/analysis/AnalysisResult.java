package dev.ep.stats.analysis;

import dev.ep.stats.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every figure computed from an {@link AnalysisRequest}: what the results endpoint shows and what
 * {@code POST /v1/analysis} returns. A figure that cannot be computed (too few units, zero variance, a control
 * mean of 0 for a relative lift) is {@code null} with a {@link Status} and a reason, never NaN or infinity.
 *
 * @param control       the control arm
 * @param alpha         the significance level used
 * @param metrics       one result per requested metric, in request order
 * @param srmCoverage   the sample-ratio check on covered (exposed) units
 * @param srmAssignment the sample-ratio check on assigned units
 */
public record AnalysisResult(String control, double alpha, List<MetricResult> metrics,
                             SampleRatioResult srmCoverage, SampleRatioResult srmAssignment) {

    public AnalysisResult {
        metrics = List.copyOf(metrics);
    }

    /** The always-valid p-values to pass as {@link AnalysisRequest#previous()} to the next computation. */
    public AnalysisRequest.PreviousAlwaysValid nextPrevious() {
        List<AnalysisRequest.PreviousComparison> comparisons = new ArrayList<>();
        for (MetricResult metric : metrics) {
            for (ComparisonResult comparison : metric.comparisons()) {
                if (comparison.alwaysValidP() != null) {
                    comparisons.add(new AnalysisRequest.PreviousComparison(
                            metric.metric(), comparison.treatment(), comparison.alwaysValidP()));
                }
            }
        }
        return new AnalysisRequest.PreviousAlwaysValid(
                srmCoverage == null ? null : srmCoverage.sequentialP(),
                srmAssignment == null ? null : srmAssignment.sequentialP(), comparisons);
    }

    /** Whether a figure could be computed. */
    public enum Status {
        OK,
        /** Too few units (fewer than 2 in an arm), an empty arm, or no expected weights. */
        NOT_ENOUGH_DATA,
        /** Both arms have zero variance: no standard error, so no test. */
        ZERO_VARIANCE,
        /** An intermediate figure leaves the range of double precision (e.g. a ratio's denominator near 0). */
        OUT_OF_RANGE
    }

    /** Which multiple-comparison adjustment the metric's {@code holm*} figures carry. */
    public enum Adjustment {
        /** Holm over the treatments' comparisons on the primary metric(s). */
        HOLM_PRIMARY_FAMILY,
        /** Holm over the guardrail metrics' comparisons, a family of its own. */
        HOLM_GUARDRAIL_FAMILY,
        /** Secondary metric: shown unadjusted; its {@code holm*} fields are null. */
        UNADJUSTED_SECONDARY
    }

    /** Where a metric's τ² came from. */
    public enum Tau2Source {
        /**
         * Given in the request's {@code tau2}: the metric's setting in config-service's catalogue when the results
         * endpoint built the request, or the auditor's own value in {@code POST /v1/analysis}.
         */
        CONFIGURED,
        /** None given: the documented data-dependent default (null when even that cannot be computed). */
        DEFAULT
    }

    /**
     * One metric's results.
     *
     * @param tau2       the mSPRT mixture variance actually used (configured, or the default)
     * @param tau2Source whether {@code tau2} was configured or is the default
     */
    public record MetricResult(String metric, MetricKind kind, MetricRole role, Adjustment adjustment, Double tau2,
                               Tau2Source tau2Source, List<ArmResult> arms, List<ComparisonResult> comparisons) {

        public MetricResult {
            arms = List.copyOf(arms);
            comparisons = List.copyOf(comparisons);
        }
    }

    /**
     * One arm's summary. For a RATIO metric {@code mean} is ΣY/ΣX and {@code variance} the delta-method variance of
     * that ratio times n (a per-unit variance, comparable with a mean's); {@code standardError} is always the
     * standard error of {@code mean}.
     */
    public record ArmResult(String treatment, long n, Double mean, Double variance, Double standardError) {
    }

    /**
     * One treatment against control on one metric; every difference is treatment minus control.
     *
     * @param test                 WELCH_T (means, proportions) or DELTA_Z (ratios)
     * @param statistic            the t or z statistic
     * @param degreesOfFreedom     Welch–Satterthwaite df (null for a z-test)
     * @param pValue               two-sided fixed-horizon p-value
     * @param holmP                {@code pValue} Holm-adjusted within the metric's family
     * @param relativeLift         mean_t / mean_c − 1
     * @param relativeLiftCi       delta-method interval with a normal quantile
     * @param alwaysValidP         mSPRT always-valid p-value, a running minimum over time
     * @param holmAlwaysValidP     {@code alwaysValidP} Holm-adjusted within the metric's family
     * @param confidenceSequence   the always-valid confidence sequence of the difference at level 1 − alpha
     * @param chanceToBeatControl  posterior P(difference > 0) under the N(0, τ²) prior
     * @param cuped                the CUPED-adjusted figures, or null when no covariate was recorded
     */
    public record ComparisonResult(String treatment, Status status, String reason, String test,
                                   Double difference, Double standardError, Double statistic, Double degreesOfFreedom,
                                   Interval differenceCi, Double pValue, Double holmP,
                                   Double relativeLift, Interval relativeLiftCi,
                                   Double alwaysValidP, Double holmAlwaysValidP, Interval confidenceSequence,
                                   Double chanceToBeatControl, CupedResult cuped) {
    }

    /**
     * CUPED-adjusted figures (Deng, Xu, Kohavi, Walker 2013), put through the same Welch test.
     *
     * @param theta             pooled Cov(Y, X) / Var(X)
     * @param controlMean       adjusted control mean
     * @param treatmentMean     adjusted treatment mean
     * @param varianceReduction 1 − Var(adjusted difference) / Var(raw difference)
     */
    public record CupedResult(Status status, String reason, Double theta, Double controlMean, Double treatmentMean,
                              Double difference, Double standardError, Double degreesOfFreedom,
                              Interval differenceCi, Double pValue, Double varianceReduction) {
    }

    /**
     * A sample-ratio-mismatch check of observed units against the configured weights.
     *
     * @param fixedHorizonP Pearson χ² goodness-of-fit p-value: valid only for one look (fixed-horizon)
     * @param sequentialP   the sequential multinomial test's anytime-valid p-value (Lindon &amp; Malek 2022), a running
     *                      minimum over time; this one drives banners and auto-pause
     * @param flagged       {@code sequentialP < threshold}
     * @param threshold     0.001
     */
    public record SampleRatioResult(Status status, String reason, Map<String, Long> observed,
                                    Map<String, Double> expected, Double chiSquare, Integer degreesOfFreedom,
                                    Double fixedHorizonP, Double sequentialP, boolean flagged, double threshold) {
    }
}
