package dev.ep.reporting.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /v1/experiments/{id}/reconciliation}: every aggregate, the stream's and event-ingest's
 * side by side.
 *
 * @param cutOff server time up to which both sides were compared (inputs at or before it count)
 * @param streamCurrentTo the latest input time that changed the stream's figures of this experiment
 * @param status MATCH when every aggregate is equal, MISMATCH otherwise; NOT_COMPARABLE when the cut-off asked is
 *               before the stream's current time (the stream keeps no history to compare with), or the stream has no
 *               figures of the experiment yet
 */
public record Reconciliation(String experimentId, Instant cutOff, Instant streamCurrentTo, Status status,
                             String reason, long mismatches, List<Aggregate> aggregates) {

    /** Overall verdict. */
    public enum Status { MATCH, MISMATCH, NOT_COMPARABLE }

    /** One aggregate, both sides. */
    public record Aggregate(AggregateKey.Kind aggregate, int phase, String treatment, String metric, Figures stream,
                            Figures ingest, Reconciler.Verdict verdict) {
    }
}
