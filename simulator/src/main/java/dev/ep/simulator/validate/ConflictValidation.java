package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.Timeline;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation 2, no conflicting treatments, over every answered assign and coverage call:
 * <ul>
 * <li>within a phase, a unit (session, or user for USER experiments, across all its sessions) keeps one treatment
 * per experiment, and coverage confirms that treatment; the phase of a decision is the one the ledger's
 * {@link Timeline} gives for its place (the run changes configuration behind a barrier), and the exposure token's
 * phase must agree with it;</li>
 * <li>across phases a unit moves only where a weight change moved its slot (the change's {@code changedSlots});
 * a ramp never moves a unit, and a unit assigned in a phase is assigned again on the experiment's pages until a
 * ramp-down (a ramp-up never takes a unit out); a unit's slot never changes;</li>
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
        Timeline timeline = Timeline.of(ledger);
        Map<String, String> treatmentOf = new HashMap<>(); // experiment|unit|phase -> treatment
        Map<String, Track> lastAssigned = new HashMap<>(); // experiment|unit -> last unforced assignment
        Map<String, String> sessionLayer = new HashMap<>(); // session|layer -> experiment
        Map<String, Boolean> heldOut = new HashMap<>(); // holdout unit -> membership
        long assigns = 0;
        long assignments = 0;
        long overridesChecked = 0;
        long movedAcrossChanges = 0;
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
                    int phase = timeline.at(x.id(), e.seq()).phase();
                    if (a.phase() > 0 && a.phase() != phase) {
                        f.problem(x.id() + " answered in phase " + a.phase() + " to " + e.session()
                                + " while the configuration was in phase " + phase + " (seq " + e.seq() + ")");
                    }
                    keep(f, treatmentOf, x, e, phase, a.treatment(), "assigned");
                    if (!a.forced() && moveAcrossPhases(f, timeline, lastAssigned, x, e, phase, a)) {
                        movedAcrossChanges++;
                    }
                }
                for (RunHeader.Experiment x : header.experiments()) {
                    String unit = Units.of(x, e);
                    Track before = unit == null ? null : lastAssigned.get(x.id() + "|" + unit);
                    if (before == null || !x.assignsOn(e.page()) || (held && header.holdoutUnit().equals(x.unit()))
                            || e.assignments().stream().anyMatch(a -> a.experiment().equals(x.id()))
                            || timeline.rampedDownBetween(x.id(), before.seq(), e.seq())) {
                        continue;
                    }
                    f.problem(x.id() + ": unit " + unit + " had " + before.treatment() + " (seq " + before.seq()
                            + "), then got nothing on " + e.page() + " with no ramp-down between (seq " + e.seq()
                            + ")");
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
                        // the phase of the decision whose token was confirmed (a page's assign may precede a change)
                        int phase = c.phase() > 0 ? c.phase() : timeline.at(x.id(), e.seq()).phase();
                        keep(f, treatmentOf, x, e, phase, c.treatment(), "covered");
                    }
                }
            }
        }
        f.figure("assign answers checked: " + assigns + ", assignments in them: " + assignments);
        f.figure("phases: " + header.experiments().stream().map(x -> x.id() + " " + timeline.phases(x.id()))
                .toList() + ", changes: " + ledger.changes().size());
        f.figure("units with a treatment (per phase): " + treatmentOf.size() + ", units moved by a weight change: " + movedAcrossChanges + ", holdout units seen: " + heldOut.size()
                + ", held-out answers: " + heldOutCalls);
        f.figure("QA-override checks: " + overridesChecked);
        if (header.experiments().stream().anyMatch(x -> !x.overrides().isEmpty()) && overridesChecked == 0) {
            f.problem("the run has QA overrides but no QA session reached a page of its experiment");
        }
        return f.result();
    }

    /** A unit's last unforced assignment of an experiment. */
    private record Track(int phase, String treatment, Integer slot, long seq) {
    }

    /**
     * A unit that shows up in a later phase with another treatment must have had its slot moved by a weight change
     * in between; its slot itself never changes. True for a legitimate move.
     */
    private static boolean moveAcrossPhases(Findings f, Timeline timeline, Map<String, Track> lastAssigned,
            RunHeader.Experiment x, LedgerEntry e, int phase, LedgerEntry.Assigned a) {
        String unit = Units.of(x, e);
        if (unit == null) {
            return false;
        }
        Track before = lastAssigned.put(x.id() + "|" + unit, new Track(phase, a.treatment(), a.slot(), e.seq()));
        if (before == null) {
            return false;
        }
        if (before.slot() != null && a.slot() != null && !before.slot().equals(a.slot())) {
            f.problem(x.id() + ": unit " + unit + " had slot " + before.slot() + ", then " + a.slot() + " (seq "
                    + e.seq() + ")");
        }
        if (before.phase() == phase || before.treatment().equals(a.treatment())) {
            return false; // within a phase: keep() judged it
        }
        List<LedgerEntry> openings = timeline.phaseOpenings(x.id()).stream()
                .filter(c -> c.seq() > before.seq() && c.seq() < e.seq()).toList();
        boolean moved = a.slot() == null ? !openings.isEmpty()
                : openings.stream().anyMatch(c -> c.change().moves(a.slot()));
        if (!moved) {
            f.problem(x.id() + ": unit " + unit + " moved from " + before.treatment() + " (phase " + before.phase()
                    + ") to " + a.treatment() + " (phase " + phase + ") though no weight change moved its slot "
                    + a.slot() + " (seq " + e.seq() + ")");
        }
        return moved;
    }

    private static void keep(Findings f, Map<String, String> treatmentOf, RunHeader.Experiment x, LedgerEntry e,
            int phase, String treatment, String how) {
        String unit = Units.of(x, e);
        if (unit == null) {
            f.problem(x.id() + " " + how + " to " + e.session() + " without its unit (" + x.unit() + ") (seq "
                    + e.seq() + ")");
            return;
        }
        String before = treatmentOf.putIfAbsent(x.id() + "|" + unit + "|" + phase, treatment);
        if (before != null && !before.equals(treatment)) {
            f.problem(x.id() + ": unit " + unit + " had " + before + " in phase " + phase + ", then " + how + " "
                    + treatment + " on " + e.page() + " (seq " + e.seq() + ")");
        }
    }
}
