package dev.ep.simulator.ledger;

import dev.ep.simulator.match.LedgerAttribution;
import dev.ep.simulator.match.LedgerTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ledger's totals per experiment and treatment, for validation 4 ("the reports match"): what the platform
 * accepted, fed to {@link LedgerAttribution} (the platform's attribution rules, checked against the SQL over
 * event-ingest's tables): confirmed coverages ({@code covered}) and the QA-forced assignments of the run (a forced
 * unit never counts), and the orders the platform accepted (2xx).
 *
 * <p>The clock is the ledger's sequence number (one tick per call, in the order the calls were answered), not the
 * wall clock: a session's calls are sequential, so "the order came after the unit's first coverage" is exact, where
 * millisecond wall-clock times could tie. The attribution window (7 days) is longer than any run and never cuts.
 * For a USER experiment, two sessions of one user running at the same moment could be ordered differently by the
 * server; the model's returning users come back in later sessions.
 */
public final class LedgerTotalsAdapter {

    private static final Duration WINDOW = Duration.ofDays(7);

    private LedgerTotalsAdapter() {
    }

    /** Every experiment of the run in the header's order, every treatment of its weights (zeros included) first. */
    public static List<LedgerTotals> totals(LedgerContents ledger) {
        RunHeader header = ledger.header();
        LedgerAttribution attribution = new LedgerAttribution(WINDOW);
        for (LedgerEntry e : ledger.entries()) {
            if (!e.ok()) {
                continue;
            }
            Instant at = Instant.ofEpochMilli(e.seq());
            switch (e.call()) {
                case LedgerEntry.ASSIGN -> {
                    for (LedgerEntry.Assigned a : e.assignments()) {
                        RunHeader.Experiment x = header.experiment(a.experiment());
                        String unit = x == null ? null : unit(x.unit(), e);
                        if (unit != null && a.forced()) {
                            attribution.coverage(new LedgerAttribution.Coverage(x.id(), x.phase(), a.treatment(),
                                    unitType(x.unit()), unit, at, true));
                        }
                    }
                }
                case LedgerEntry.COVER -> {
                    for (LedgerEntry.Covered c : e.coverage()) {
                        RunHeader.Experiment x = header.experiment(c.experiment());
                        String unit = x == null ? null : unit(x.unit(), e);
                        if (unit != null && c.covered()) {
                            attribution.coverage(new LedgerAttribution.Coverage(x.id(), x.phase(), c.treatment(),
                                    unitType(x.unit()), unit, at, false));
                        }
                    }
                }
                case LedgerEntry.TRACK -> {
                    for (LedgerEntry.Sent s : e.events()) {
                        if ("order".equals(s.type()) && s.id() != null) {
                            attribution.order(new LedgerAttribution.Order(s.id(), e.session(), e.user(), s.orderId(),
                                    s.value() == null ? 0 : s.value(), at));
                        }
                    }
                }
                default -> {
                }
            }
        }
        List<LedgerTotals> out = new ArrayList<>();
        for (RunHeader.Experiment x : header.experiments()) {
            Map<String, LedgerTotals> byTreatment = new LinkedHashMap<>();
            for (String treatment : x.weights().keySet()) {
                byTreatment.put(treatment, new LedgerTotals(x.id(), treatment, 0, 0, 0, 0));
            }
            for (LedgerTotals t : attribution.totals(x.id(), x.phase())) {
                byTreatment.put(t.treatment(), t);
            }
            out.addAll(byTreatment.values());
        }
        return out;
    }

    private static String unitType(String unit) {
        return unit.toUpperCase(Locale.ROOT);
    }

    private static String unit(String unitType, LedgerEntry e) {
        return "user".equals(unitType) ? e.user() : e.session();
    }
}
