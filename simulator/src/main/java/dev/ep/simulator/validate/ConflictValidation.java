package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Validation 2, no conflicting treatments, over every answered assign and coverage call:
 * <ul>
 * <li>within the run's phase, a unit (session, or user for USER experiments, across all its sessions) keeps one
 * treatment per experiment, and coverage confirms that treatment;</li>
 * <li>a session holds at most one experiment per layer, in one answer and over the whole session;</li>
 * <li>an experiment is only assigned on its targeting pages;</li>
 * <li>a QA override always wins: on the experiment's pages, a unit the override names gets the override's
 * treatment, marked forced (unless held out);</li>
 * <li>held-out units get nothing from the layers of the holdout's unit, and a unit's holdout membership never
 * changes.</li>
 * </ul>
 */
public final class ConflictValidation implements Validation {

    public static final String NAME = "2 no conflicting treatments";

    @Override
    public ValidationResult validate(LedgerContents ledger) {
        Findings f = new Findings(NAME);
        RunHeader header = ledger.header();
        Map<String, String> layerUnit = new HashMap<>();
        for (RunHeader.Experiment e : header.experiments()) {
            layerUnit.put(e.layer(), e.unit());
        }
        Map<String, String> treatmentOf = new HashMap<>(); // experiment|unit -> treatment
        Map<String, String> sessionLayer = new HashMap<>(); // session|layer -> experiment
        Map<String, Boolean> heldOut = new HashMap<>(); // holdout unit -> membership
        long assigns = 0;
        long assignments = 0;
        long overridesChecked = 0;
        long heldOutCalls = 0;
        for (LedgerEntry e : ledger.entries()) {
            if (!e.ok()) {
                continue;
            }
            if (e.call().equals(LedgerEntry.ASSIGN)) {
                assigns++;
                String holdoutUnit = Units.of(header.holdoutUnit(), e);
                if (holdoutUnit != null && e.holdout() != null) {
                    Boolean before = heldOut.putIfAbsent(holdoutUnit, e.holdout());
                    if (before != null && before != e.holdout().booleanValue()) {
                        f.problem("holdout membership of " + holdoutUnit + " changed to " + e.holdout() + " on "
                                + e.page() + " (seq " + e.seq() + ")");
                    }
                }
                boolean held = Boolean.TRUE.equals(e.holdout());
                heldOutCalls += held ? 1 : 0;
                Set<String> layersInAnswer = new HashSet<>();
                for (LedgerEntry.Assigned a : e.assignments()) {
                    assignments++;
                    RunHeader.Experiment x = header.experiment(a.experiment());
                    if (x == null) {
                        continue; // another tenant's experiment on a shared platform: not the run's to judge
                    }
                    if (!layersInAnswer.add(a.layer())) {
                        f.problem("two experiments of layer " + a.layer() + " in one answer to " + e.session()
                                + " (seq " + e.seq() + ")");
                    }
                    String previous = sessionLayer.putIfAbsent(e.session() + "|" + a.layer(), a.experiment());
                    if (previous != null && !previous.equals(a.experiment())) {
                        f.problem("session " + e.session() + " holds " + previous + " and " + a.experiment()
                                + " of layer " + a.layer());
                    }
                    if (held && header.holdoutUnit().equals(layerUnit.get(a.layer()))) {
                        f.problem("held-out " + e.session() + " got " + a.experiment() + " = " + a.treatment()
                                + " (seq " + e.seq() + ")");
                    }
                    if (!x.assignsOn(e.page())) {
                        f.problem(a.experiment() + " assigned on page " + e.page() + ", not one of its pages "
                                + x.pages() + " (seq " + e.seq() + ")");
                    }
                    keep(f, treatmentOf, x, e, a.treatment(), "assigned");
                }
                for (RunHeader.Experiment x : header.experiments()) {
                    String unit = Units.of(x, e);
                    String forced = unit == null ? null : x.overrides().get(unit);
                    if (forced == null || !x.assignsOn(e.page())
                            || (held && header.holdoutUnit().equals(x.unit()))) {
                        continue;
                    }
                    overridesChecked++;
                    boolean won = e.assignments().stream().anyMatch(a -> a.experiment().equals(x.id())
                            && a.treatment().equals(forced) && a.forced());
                    if (!won) {
                        f.problem("QA override " + unit + " -> " + forced + " of " + x.id() + " lost on " + e.page()
                                + ": got " + e.assignments() + " (seq " + e.seq() + ")");
                    }
                }
            } else if (e.call().equals(LedgerEntry.COVER)) {
                for (LedgerEntry.Covered c : e.coverage()) {
                    RunHeader.Experiment x = header.experiment(c.experiment());
                    if (x != null && c.covered()) {
                        keep(f, treatmentOf, x, e, c.treatment(), "covered");
                    }
                }
            }
        }
        f.figure("assign answers checked: " + assigns + ", assignments in them: " + assignments);
        f.figure("units with a treatment: " + treatmentOf.size() + ", holdout units seen: " + heldOut.size()
                + ", held-out answers: " + heldOutCalls);
        f.figure("QA-override checks: " + overridesChecked);
        if (header.experiments().stream().anyMatch(x -> !x.overrides().isEmpty()) && overridesChecked == 0) {
            f.problem("the run has QA overrides but no QA session reached a page of its experiment");
        }
        return f.result();
    }

    private static void keep(Findings f, Map<String, String> treatmentOf, RunHeader.Experiment x, LedgerEntry e,
            String treatment, String how) {
        String unit = Units.of(x, e);
        if (unit == null) {
            f.problem(x.id() + " " + how + " to " + e.session() + " without its unit (" + x.unit() + ") (seq "
                    + e.seq() + ")");
            return;
        }
        String before = treatmentOf.putIfAbsent(x.id() + "|" + unit, treatment);
        if (before != null && !before.equals(treatment)) {
            f.problem(x.id() + ": unit " + unit + " had " + before + ", then " + how + " " + treatment + " on "
                    + e.page() + " (seq " + e.seq() + ")");
        }
    }
}
