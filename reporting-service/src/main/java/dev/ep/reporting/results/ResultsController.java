package dev.ep.reporting.results;

import dev.ep.reporting.system.ApiException;
import dev.ep.reporting.system.ErrorCode;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/experiments/{id}/results}: the streaming results of one phase, analysed. */
@RestController
class ResultsController {

    /** config-service's slug grammar, or the holdout's pseudo experiment. */
    private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-z0-9](?:-?[a-z0-9]){0,63}|_holdout");
    private static final Pattern METRIC = Pattern.compile("[a-z0-9_-]{1,64}");

    private final ResultsService results;

    ResultsController(ResultsService results) {
        this.results = results;
    }

    @GetMapping("/v1/experiments/{id}/results/timeseries")
    Timeseries timeseries(@PathVariable("id") String id,
                          @RequestParam(name = "phase", required = false) String phase,
                          @RequestParam(name = "metric", required = false) String metric) {
        Optional<Integer> phaseNumber = check(id, phase, metric);
        return results.timeseries(id, phaseNumber, Optional.ofNullable(metric)).orElseThrow(() -> new ApiException(
                ErrorCode.NOT_FOUND, "No experiment '" + id + "' is configured and no snapshots exist for it."));
    }

    @GetMapping("/v1/experiments/{id}/results")
    ExperimentResults results(@PathVariable("id") String id,
                              @RequestParam(name = "phase", required = false) String phase,
                              @RequestParam(name = "metric", required = false) String metric) {
        Optional<Integer> phaseNumber = check(id, phase, metric);
        return answer(results.results(id, phaseNumber, Optional.ofNullable(metric)), id, phase, metric);
    }

    /** The parsed phase, after checking every parameter (400 naming the parameter). */
    private static Optional<Integer> check(String id, String phase, String metric) {
        if (!EXPERIMENT_ID.matcher(id).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "id",
                    "The experiment id must be a slug (lower-case letters, digits, inner hyphens, 1-64 characters).");
        }
        Optional<Integer> phaseNumber = Optional.empty();
        if (phase != null) {
            if (!phase.matches("[0-9]{1,9}")) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "phase", "phase must be a phase number (0 or more).");
            }
            phaseNumber = Optional.of(Integer.parseInt(phase));
        }
        if (metric != null && !METRIC.matcher(metric).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "metric", "metric must be a metric name of the catalogue.");
        }
        return phaseNumber;
    }

    private ExperimentResults answer(ResultsService.Outcome outcome, String id, String phase, String metric) {
        if (outcome.missing() == null) {
            return outcome.results();
        }
        throw switch (outcome.missing()) {
            case NOT_READY -> new ApiException(ErrorCode.RESULTS_NOT_READY,
                    "The stream is starting or rebalancing; retry shortly.");
            case UNKNOWN_EXPERIMENT -> new ApiException(ErrorCode.NOT_FOUND,
                    "No experiment '" + id + "' is configured and no results exist for it.");
            case UNKNOWN_PHASE -> new ApiException(ErrorCode.NOT_FOUND, "phase",
                    "Experiment '" + id + "' has no phase " + phase + ".");
            case UNKNOWN_METRIC -> new ApiException(ErrorCode.NOT_FOUND, "metric",
                    "No metric '" + metric + "' in the catalogue.");
        };
    }
}
