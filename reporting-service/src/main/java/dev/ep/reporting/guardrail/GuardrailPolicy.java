package dev.ep.reporting.guardrail;

import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.MetricRole;
import dev.ep.stats.Interval;
import dev.ep.reporting.stream.MetricSettings.HarmDirection;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When an opted-in experiment is paused (plain Java): the SRM check on coverage is flagged (the sequential
 * multinomial test's anytime-valid p below its threshold, Lindon &amp; Malek 2022), or a guardrail metric shows harm at
 * the always-valid level: the confidence sequence of the difference (treatment − control; Johari, Pekelis, Walsh
 * 2017) lies entirely on the harmful side of 0. The harmful side is the metric's harm direction as configured in
 * config-service's metric catalogue; for a metric whose published record carries none (written before the setting
 * existed) the fallback is this service's {@code higherIsHarm} list, and otherwise lower is harm (conversion, revenue,
 * order value, add-to-cart, page views: more is better).
 */
public final class GuardrailPolicy {

    private final Set<String> higherIsHarm;

    public GuardrailPolicy(Set<String> higherIsHarm) {
        this.higherIsHarm = Set.copyOf(Objects.requireNonNull(higherIsHarm, "higherIsHarm"));
    }

    /** The reason to pause, with no harm direction configured for any metric (the fallback for each). */
    public Optional<String> reasonToPause(AnalysisResult analysis) {
        return reasonToPause(analysis, Map.of());
    }

    /**
     * The reason to pause, for the audit log, or empty when nothing calls for it.
     *
     * @param configured metric name -> harm direction from config-service's catalogue; a metric not in it falls
     *                   back to {@code higherIsHarm}
     */
    public Optional<String> reasonToPause(AnalysisResult analysis, Map<String, HarmDirection> configured) {
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
            boolean higherHarms = harmDirection(metric.metric(), configured) == HarmDirection.INCREASE_IS_HARM;
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

    /** The configured direction, else the fallback list, else a decrease is harm. */
    public HarmDirection harmDirection(String metric, Map<String, HarmDirection> configured) {
        HarmDirection direction = configured.get(metric);
        if (direction != null) {
            return direction;
        }
        return higherIsHarm.contains(metric) ? HarmDirection.INCREASE_IS_HARM : HarmDirection.DECREASE_IS_HARM;
    }
}
