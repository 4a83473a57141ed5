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

    /** One experiment phase's totals, every treatment of the phase's weights (zeros included) first. */
    public record PhaseTotals(String experimentId, int phase, List<LedgerTotals> totals) {
    }

    /**
     * Every experiment of the run in the header's order, each treatment's totals summed over the run's phases (for
     * the report's charts; validation 4 compares {@link #byPhase} phase by phase).
     */
    public static List<LedgerTotals> totals(LedgerContents ledger) {
        Map<String, LedgerTotals> sum = new LinkedHashMap<>();
        for (PhaseTotals p : byPhase(ledger)) {
            for (LedgerTotals t : p.totals()) {
                sum.merge(t.experimentId() + "/" + t.treatment(), t, (a, b) -> new LedgerTotals(a.experimentId(),
                        a.treatment(), a.units() + b.units(), a.conversions() + b.conversions(),
                        a.orders() + b.orders(), a.revenueMinor() + b.revenueMinor()));
            }
        }
        return new ArrayList<>(sum.values());
    }

    /** Per experiment (header order) and phase of the run (in order), the ledger's totals. */
    public static List<PhaseTotals> byPhase(LedgerContents ledger) {
        RunHeader header = ledger.header();
        Timeline timeline = Timeline.of(ledger);
        LedgerAttribution attribution = new LedgerAttribution(WINDOW);
        for (LedgerEntry e : ledger.calls()) {
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
                            attribution.coverage(new LedgerAttribution.Coverage(x.id(),
                                    timeline.at(x.id(), e.seq()).phase(), a.treatment(), unitType(x.unit()), unit, at,
                                    true, null));
                        }
                    }
                }
                case LedgerEntry.COVER -> {
                    for (LedgerEntry.Covered c : e.coverage()) {
                        RunHeader.Experiment x = header.experiment(c.experiment());
                        String unit = x == null ? null : unit(x.unit(), e);
                        if (unit != null && c.covered()) {
                            int phase = c.phase() > 0 ? c.phase() : timeline.at(x.id(), e.seq()).phase();
                            attribution.coverage(new LedgerAttribution.Coverage(x.id(), phase, c.treatment(),
                                    unitType(x.unit()), unit, at, false, c.slot()));
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
        List<PhaseTotals> out = new ArrayList<>();
        for (RunHeader.Experiment x : header.experiments()) {
            List<LedgerAttribution.PhaseStart> starts = phaseStarts(timeline, x.id(), true);
            for (int phase : timeline.phases(x.id())) {
                Map<String, LedgerTotals> byTreatment = new LinkedHashMap<>();
                for (String treatment : timeline.weights(x.id(), phase).keySet()) {
                    byTreatment.put(treatment, new LedgerTotals(x.id(), treatment, 0, 0, 0, 0));
                }
                for (LedgerTotals t : attribution.totals(x.id(), phase, starts)) {
                    byTreatment.put(t.treatment(), t);
                }
                out.add(new PhaseTotals(x.id(), phase, new ArrayList<>(byTreatment.values())));
            }
        }
        return out;
    }

    /**
     * The phases opened by the run's weight changes: at the change's place in the ledger ({@code bySeq}, the clock of
     * {@link #byPhase}) or at the phase's start as config-service recorded it (the platform's clock).
     */
    public static List<LedgerAttribution.PhaseStart> phaseStarts(Timeline timeline, String experiment,
            boolean bySeq) {
        List<LedgerAttribution.PhaseStart> out = new ArrayList<>();
        for (LedgerEntry c : timeline.phaseOpenings(experiment)) {
            out.add(new LedgerAttribution.PhaseStart(c.change().phase(),
                    Instant.ofEpochMilli(bySeq ? c.seq() : c.change().startedAtMillis()),
                    c.change().changedSlots().stream()
                            .map(r -> new LedgerAttribution.SlotRange(r.start(), r.end())).toList()));
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
