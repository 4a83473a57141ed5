package dev.ep.reporting.results;

import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /v1/experiments/{id}/results}.
 *
 * @param phase          the phase shown (default: the experiment's current phase)
 * @param phases         every phase with data
 * @param currentTo      freshness: the latest server time of an input reflected in these figures
 * @param configVersions the global configuration versions of the counted exposures, and the experiment's version
 * @param statistics     the exact sufficient statistics: the body to send to {@code POST /v1/analysis} to reproduce
 *                       {@code analysis}
 * @param analysis       every figure, computed by the {@code Analyzer}
 * @param covariates     which CUPED covariate the x terms of {@code statistics} hold (null without configuration)
 */
public record ExperimentResults(String experimentId, int phase, Integer currentPhase, List<Integer> phases,
                                Instant currentTo, ConfigVersions configVersions, AnalysisRequest statistics,
                                AnalysisResult analysis, Covariates covariates) {

    /** Lowest and highest global configuration version counted, and the experiment's aggregate version now. */
    public record ConfigVersions(Long min, Long max, Long experimentVersion) {
    }
}
