package dev.ep.reporting.guardrail;

import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.MetricRole;
import dev.ep.stats.Interval;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When an opted-in experiment is paused (plain Java): the SRM check on coverage is flagged (the sequential
 * multinomial test's anytime-valid p below its threshold, Lindon &amp; Malek 2022), or a guardrail metric shows harm at
 * the always-valid level: the confidence sequence of the difference (treatment − control; Johari, Pekelis, Walsh
 * 2017) lies entirely on the harmful side of 0. For every metric lower is harm (conversion, revenue, order value,
 * add-to-cart, page views: more is better) unless it is named in {@code higherIsHarm} (e.g. a custom error count).
 */
public final class GuardrailPolicy {

    private final Set<String> higherIsHarm;

    public GuardrailPolicy(Set<String> higherIsHarm) {
        this.higherIsHarm = Set.copyOf(Objects.requireNonNull(higherIsHarm, "higherIsHarm"));
    }

    /** The reason to pause, for the audit log, or empty when nothing calls for it. */
    public Optional<String> reasonToPause(AnalysisResult analysis) {
        AnalysisResult.SampleRatioResult srm = analysis.srmCoverage();
        if (srm != null && srm.flagged()) {
            return Optional.of(String.format(Locale.ROOT,
                    "auto-pause: SRM on coverage p=%.3g (sequential, threshold %s), observed %s", srm.sequentialP(),
                    srm.threshold(), srm.observed()));
        }
        for (AnalysisResult.MetricResult metric : analysis.metrics()) {
            if (metric.role() != MetricRole.GUARDRAIL) {
                continue;
            }
            boolean higherHarms = higherIsHarm.contains(metric.metric());
            for (AnalysisResult.ComparisonResult c : metric.comparisons()) {
                Interval cs = c.confidenceSequence();
                if (cs == null) {
                    continue;
                }
                boolean harmed = higherHarms ? cs.lower() > 0 : cs.upper() < 0;
                if (harmed) {
                    return Optional.of(String.format(Locale.ROOT,
                            "auto-pause: guardrail %s harmed in %s: always-valid confidence sequence of the difference"
                                    + " [%.6g, %.6g] is %s 0 (always-valid p=%.3g)", metric.metric(), c.treatment(),
                            cs.lower(), cs.upper(), higherHarms ? "above" : "below", c.alwaysValidP()));
                }
            }
        }
        return Optional.empty();
    }
}
