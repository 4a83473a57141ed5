package dev.ep.reporting.results;

import dev.ep.stats.analysis.AnalysisResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /v1/experiments/{id}/results/timeseries}: the phase's cumulative results at each
 * snapshot, oldest first, analysed as the results endpoint would have shown them then (always-valid p-values a
 * running minimum along the series).
 */
public record Timeseries(String experimentId, int phase, List<Point> points) {

    /** One snapshot. */
    public record Point(Instant takenAt, Instant currentTo, Map<String, Long> coverageUnits,
                        Map<String, Long> assignmentUnits, AnalysisResult analysis) {
    }
}
