package dev.ep.simulator.match;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of "the reports match" for one experiment: what each source reported and every figure on which one of
 * them differs from the ledger.
 *
 * @param experimentId the experiment
 * @param phase        the phase compared (the results endpoint's, which the SQL then counts)
 * @param ledger       the ledger's totals of the experiment
 * @param reporting    reporting-service's
 * @param ingest       event-ingest's
 * @param differences  every difference, reporting-service's first; empty when the reports match
 */
public record MatchResult(String experimentId, int phase, List<LedgerTotals> ledger, List<ReportedTotals> reporting,
                          List<ReportedTotals> ingest, List<Difference> differences) {

    public MatchResult {
        Objects.requireNonNull(experimentId, "experimentId");
        ledger = List.copyOf(ledger);
        reporting = List.copyOf(reporting);
        ingest = List.copyOf(ingest);
        differences = List.copyOf(differences);
    }

    public boolean matched() {
        return differences.isEmpty();
    }

    /** One line for a match, or one line per difference. */
    public List<String> describe() {
        if (matched()) {
            return List.of(experimentId + " (phase " + phase + "): reporting-service and event-ingest equal the"
                    + " ledger exactly (" + ledger.size() + " treatments × units, conversions, orders, revenue)");
        }
        return differences.stream().map(d -> experimentId + " (phase " + phase + ") " + d.describe()).toList();
    }
}
