package dev.ep.simulator.match;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Validation 4 of issue 11, "the reports match": reporting-service's aggregates and event-ingest's tables equal the
 * ledger's totals exactly (units, conversions, orders, revenue per treatment). Both platform sides are eventually
 * consistent: compare once event-ingest's and the stream's lags are 0, or repeat until the result holds still (a
 * difference while either is catching up is transient).
 */
public final class ReportsMatch {

    /** The results body of an experiment (normally {@link ResultsClient#results}). */
    @FunctionalInterface
    public interface Results {
        /** @param phase null: the current phase */
        String body(String experimentId, Integer phase);
    }

    /** event-ingest's totals of one phase (normally {@link IngestTotalsQuery#totals}). */
    @FunctionalInterface
    public interface Ingest {
        List<ReportedTotals> totals(String experimentId, int phase, List<LedgerAttribution.PhaseStart> phaseStarts,
                Instant cutOff);
    }

    private final Results results;
    private final Ingest ingest;

    public ReportsMatch(Results results, Ingest ingest) {
        this.results = Objects.requireNonNull(results, "results");
        this.ingest = Objects.requireNonNull(ingest, "ingest");
    }

    /** Over reporting-service's HTTP API and event-ingest's database. */
    public static ReportsMatch of(ResultsClient client, IngestTotalsQuery query) {
        return new ReportsMatch(client::results, query::totals);
    }

    /**
     * Compares one experiment's ledger totals with both sources. The phase is the one the results endpoint shows (the
     * experiment's current phase); the SQL counts that phase.
     *
     * @param ledger the ledger's totals of this experiment, one per treatment
     * @param cutOff for the SQL: inputs at or before it count; null counts everything
     */
    public MatchResult check(String experimentId, List<LedgerTotals> ledger, Instant cutOff) {
        return check(experimentId, null, ledger, List.of(), cutOff);
    }

    /**
     * Compares one phase of an experiment.
     *
     * @param phase       the phase (null: the current one, as the results endpoint shows it)
     * @param phaseStarts the experiment's phases opened by weight changes, for the SQL's carry-over
     */
    public MatchResult check(String experimentId, Integer phase, List<LedgerTotals> ledger,
            List<LedgerAttribution.PhaseStart> phaseStarts, Instant cutOff) {
        for (LedgerTotals totals : ledger) {
            if (!totals.experimentId().equals(experimentId)) {
                throw new IllegalArgumentException("ledger totals of " + totals.experimentId() + " given for "
                        + experimentId);
            }
        }
        ResultsBody.Reported reported = ResultsBody.parse(experimentId, results.body(experimentId, phase));
        if (phase != null && reported.phase() != phase) {
            throw new IllegalStateException("asked reporting-service for phase " + phase + " of " + experimentId
                    + ", it answered phase " + reported.phase());
        }
        List<ReportedTotals> fromIngest = ingest.totals(experimentId, reported.phase(), phaseStarts, cutOff);
        List<Difference> differences = new ArrayList<>(
                TotalsComparison.compare(ledger, Source.REPORTING_SERVICE, reported.totals()));
        differences.addAll(TotalsComparison.compare(ledger, Source.EVENT_INGEST, fromIngest));
        return new MatchResult(experimentId, reported.phase(), ledger, reported.totals(), fromIngest, differences);
    }
}
