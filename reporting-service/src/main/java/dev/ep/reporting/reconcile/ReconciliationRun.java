package dev.ep.reporting.reconcile;

import java.time.Instant;

/**
 * One scheduled reconciliation of an experiment, as recorded ({@code GET /v1/experiments/{id}/reconciliation/latest}).
 *
 * @param periodStart     start of the scheduling period the run belongs to (one run per experiment and period)
 * @param instanceId      the instance that ran it
 * @param outcome         MATCH, MISMATCH, NOT_COMPARABLE (the stream has no figures of it yet), or ERROR (the stream
 *                        or event-ingest's database was not available)
 * @param cutOff          the server time both sides were compared at (the stream's current time), if compared
 * @param aggregates      how many aggregates were compared, if compared
 * @param mismatches      how many of them differ, if compared
 * @param reason          the verdict in words
 */
public record ReconciliationRun(String experimentId, Instant periodStart, String instanceId, Instant startedAt,
                                Instant finishedAt, Outcome outcome, Instant cutOff, Instant streamCurrentTo,
                                Long aggregates, Long mismatches, String reason) {

    /** A run's outcome; the Micrometer tag {@code outcome} is its lower-case name. */
    public enum Outcome { MATCH, MISMATCH, NOT_COMPARABLE, ERROR }
}
