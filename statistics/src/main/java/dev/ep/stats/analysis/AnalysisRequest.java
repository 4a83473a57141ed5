package dev.ep.stats.analysis;

import java.util.List;
import java.util.Map;

/**
 * Everything needed to reproduce one experiment phase's results: per-arm sufficient statistics per metric, the
 * configured weights and the unit counts for the sample-ratio checks. The results endpoint reports exactly this
 * shape, and {@code POST /v1/analysis} takes it back.
 *
 * <p>Always-valid p-values are made monotone over time (a running minimum). The analysis itself is stateless, so the
 * previous values come in {@link #previous}: the stream keeps the last {@link AnalysisResult#nextPrevious()} in its
 * results store and passes it back on the next computation; an auditor passes the published values (or none, which
 * gives the value from the current statistics alone).
 *
 * @param control                    the control arm's treatment key
 * @param alpha                      the significance level, in (0, 1), required; intervals are at 1 − alpha
 * @param expectedWeightsBasisPoints the phase's configured weights per treatment, summing to 10000
 * @param coverageUnits              exposed (covered) units per treatment, for the sample-ratio check on coverage;
 *                                   may be empty
 * @param assignmentUnits            assigned units per treatment (decisions), for the sample-ratio check on
 *                                   assignment; may be empty
 * @param metrics                    the metrics to analyse
 * @param previous                   the previous always-valid p-values, or null
 */
public record AnalysisRequest(String control, Double alpha,
                              Map<String, Integer> expectedWeightsBasisPoints,
                              Map<String, Long> coverageUnits, Map<String, Long> assignmentUnits,
                              List<MetricStatistics> metrics, PreviousAlwaysValid previous) {

    public AnalysisRequest {
        expectedWeightsBasisPoints = expectedWeightsBasisPoints == null ? Map.of() : Map.copyOf(expectedWeightsBasisPoints);
        coverageUnits = coverageUnits == null ? Map.of() : Map.copyOf(coverageUnits);
        assignmentUnits = assignmentUnits == null ? Map.of() : Map.copyOf(assignmentUnits);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        previous = previous == null ? PreviousAlwaysValid.NONE : previous;
    }

    /**
     * Always-valid p-values from the previous computation of the same phase, so that the new ones are a running
     * minimum (Johari, Pekelis, Walsh 2017, section 3: p_n = min(p_{n-1}, 1/Λ_n)).
     *
     * @param srmCoverageP   the previous sequential SRM p-value on coverage, or null
     * @param srmAssignmentP the previous sequential SRM p-value on assignment, or null
     * @param comparisons    the previous always-valid p-value per (metric, treatment)
     */
    public record PreviousAlwaysValid(Double srmCoverageP, Double srmAssignmentP, List<PreviousComparison> comparisons) {

        public static final PreviousAlwaysValid NONE = new PreviousAlwaysValid(null, null, List.of());

        public PreviousAlwaysValid {
            comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
        }
    }

    /** The previous always-valid p-value of one treatment against control on one metric. */
    public record PreviousComparison(String metric, String treatment, double alwaysValidP) {
    }
}
