package dev.ep.reporting.reconcile;

import dev.ep.reporting.attribution.Attribution;
import dev.ep.reporting.system.ApiException;
import dev.ep.reporting.system.ErrorCode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/experiments/{id}/reconciliation}: the stream's aggregates against event-ingest's tables; id
 * {@code _holdout} reconciles the holdout's intent-to-treat comparison.
 */
@RestController
class ReconciliationController {

    private static final Pattern EXPERIMENT_ID = Pattern.compile("[a-z0-9](?:-?[a-z0-9]){0,63}");

    private final ReconciliationService service;
    private final ReconciliationJob job;

    ReconciliationController(ReconciliationService service, ReconciliationJob job) {
        this.service = service;
        this.job = job;
    }

    /** The latest run of the scheduled reconciliation of the experiment; 404 before its first. */
    @GetMapping("/v1/experiments/{id}/reconciliation/latest")
    ReconciliationRun latest(@PathVariable("id") String id) {
        checkId(id);
        return job.latest(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "No scheduled reconciliation of '" + id + "' yet (every running experiment is reconciled every"
                        + " ep.reporting.reconcile.interval while event-ingest's database is configured)."));
    }

    private static void checkId(String id) {
        if (!EXPERIMENT_ID.matcher(id).matches()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "id",
                    "The experiment id must be a slug (lower-case letters, digits, inner hyphens, 1-64 characters).");
        }
    }

    @GetMapping("/v1/experiments/{id}/reconciliation")
    Reconciliation reconcile(@PathVariable("id") String id,
                             @RequestParam(name = "cutOff", required = false) String cutOff) {
        if (!EXPERIMENT_ID.matcher(id).matches() && !Attribution.HOLDOUT.equals(id)) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "id", "The experiment id must be a slug (lower-case"
                    + " letters, digits, inner hyphens, 1-64 characters), or " + Attribution.HOLDOUT + ".");
        }
        Optional<Instant> at = Optional.empty();
        if (cutOff != null) {
            try {
                at = Optional.of(Instant.parse(cutOff));
            } catch (DateTimeParseException e) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "cutOff",
                        "cutOff must be an ISO-8601 UTC instant, e.g. 2026-11-30T09:00:00Z.");
            }
        }
        ReconciliationService.Outcome outcome = service.reconcile(id, at);
        if (outcome instanceof ReconciliationService.Outcome.NotReady n) {
            throw new ApiException(ErrorCode.RESULTS_NOT_READY, n.reason());
        }
        if (outcome instanceof ReconciliationService.Outcome.IngestUnavailable u) {
            throw new ApiException(ErrorCode.INGEST_UNAVAILABLE, u.reason());
        }
        return ((ReconciliationService.Outcome.Done) outcome).reconciliation();
    }
}
