package dev.ep.reporting.results;

import dev.ep.stats.analysis.AnalysisRequest.PreviousAlwaysValid;
import dev.ep.stats.analysis.AnalysisRequest.PreviousComparison;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Running minima of always-valid p-values, per value (the two SRM tests, and each metric and treatment). Plain Java. */
final class RunningMinimum {

    private RunningMinimum() {
    }

    /** The values of {@code current}, each lowered to the one in {@code other} when that is lower. */
    static PreviousAlwaysValid lowered(PreviousAlwaysValid current, PreviousAlwaysValid other) {
        if (other == null) {
            return current;
        }
        Map<List<String>, Double> others = byKey(other);
        List<PreviousComparison> comparisons = new ArrayList<>();
        for (PreviousComparison c : current.comparisons()) {
            Double o = others.get(List.of(c.metric(), c.treatment()));
            comparisons.add(o == null ? c : new PreviousComparison(c.metric(), c.treatment(),
                    Math.min(c.alwaysValidP(), o)));
        }
        return new PreviousAlwaysValid(lower(current.srmCoverageP(), other.srmCoverageP(), false),
                lower(current.srmAssignmentP(), other.srmAssignmentP(), false), comparisons);
    }

    /** Every value of either, the lower where both have one. */
    static PreviousAlwaysValid union(PreviousAlwaysValid a, PreviousAlwaysValid b) {
        if (a == null) {
            return b;
        }
        Map<List<String>, Double> values = byKey(a);
        byKey(b).forEach((key, p) -> values.merge(key, p, Math::min));
        List<PreviousComparison> comparisons = new ArrayList<>();
        values.forEach((key, p) -> comparisons.add(new PreviousComparison(key.get(0), key.get(1), p)));
        return new PreviousAlwaysValid(lower(a.srmCoverageP(), b.srmCoverageP(), true),
                lower(a.srmAssignmentP(), b.srmAssignmentP(), true), comparisons);
    }

    private static Map<List<String>, Double> byKey(PreviousAlwaysValid values) {
        Map<List<String>, Double> map = new LinkedHashMap<>();
        for (PreviousComparison c : values.comparisons()) {
            map.merge(List.of(c.metric(), c.treatment()), c.alwaysValidP(), Math::min);
        }
        return map;
    }

    /** The lower of two values; with {@code either} false, null when {@code current} is null (nothing to publish). */
    private static Double lower(Double current, Double other, boolean either) {
        if (current == null) {
            return either ? other : null;
        }
        return other == null ? current : Math.min(current, other);
    }
}
