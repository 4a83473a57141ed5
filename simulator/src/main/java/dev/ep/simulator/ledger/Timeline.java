package dev.ep.simulator.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each experiment's configuration over the run, from the ledger alone: the header's start, then every recorded
 * change. Because the run makes changes behind a barrier (no call in flight across one), a call's place in the ledger
 * ({@code seq}) tells exactly which configuration decided it: the last period that began before it.
 */
public final class Timeline {

    /**
     * A stretch of one experiment's configuration: phase, traffic and weights from the ledger entry {@code fromSeq}
     * on (0: the start).
     */
    public record Period(String experiment, int index, int phase, int trafficBasisPoints, Map<String, Integer> weights,
            long fromSeq) {
    }

    private final Map<String, List<Period>> periods = new LinkedHashMap<>();
    private final Map<String, List<LedgerEntry>> phaseOpenings = new LinkedHashMap<>();

    private Timeline() {
    }

    public static Timeline of(LedgerContents ledger) {
        Timeline t = new Timeline();
        for (RunHeader.Experiment x : ledger.header().experiments()) {
            List<Period> list = new ArrayList<>();
            list.add(new Period(x.id(), 0, x.phase(), x.trafficBasisPoints(), x.weights(), 0));
            t.periods.put(x.id(), list);
            t.phaseOpenings.put(x.id(), new ArrayList<>());
        }
        for (LedgerEntry e : ledger.changes()) {
            LedgerEntry.Change c = e.change();
            List<Period> list = t.periods.get(c.experiment());
            if (list == null) {
                continue;
            }
            Period last = list.get(list.size() - 1);
            Map<String, Integer> weights = c.weights().isEmpty() ? last.weights() : c.weights();
            list.add(new Period(c.experiment(), list.size(), c.phase(), c.trafficBasisPoints(), weights, e.seq()));
            if (c.opensPhase()) {
                t.phaseOpenings.get(c.experiment()).add(e);
            }
        }
        return t;
    }

    /** The periods of an experiment, in order. */
    public List<Period> periods(String experiment) {
        return periods.getOrDefault(experiment, List.of());
    }

    /** The period that decided a call recorded at {@code seq}. */
    public Period at(String experiment, long seq) {
        Period found = null;
        for (Period p : periods(experiment)) {
            if (p.fromSeq() < seq) {
                found = p;
            }
        }
        return found;
    }

    /** The phases of an experiment in the run, in order. */
    public List<Integer> phases(String experiment) {
        return periods(experiment).stream().map(Period::phase).distinct().toList();
    }

    /** The weights of a phase. */
    public Map<String, Integer> weights(String experiment, int phase) {
        return periods(experiment).stream().filter(p -> p.phase() == phase).findFirst().map(Period::weights)
                .orElse(Map.of());
    }

    /** The change entries that opened a new phase of the experiment (weight changes), in order. */
    public List<LedgerEntry> phaseOpenings(String experiment) {
        return phaseOpenings.getOrDefault(experiment, List.of());
    }

    /** Whether the experiment's traffic went down between two ledger positions (a ramp-down releases units). */
    public boolean rampedDownBetween(String experiment, long afterSeq, long beforeSeq) {
        List<Period> list = periods(experiment);
        for (int i = 1; i < list.size(); i++) {
            Period p = list.get(i);
            if (p.fromSeq() > afterSeq && p.fromSeq() < beforeSeq
                    && p.trafficBasisPoints() < list.get(i - 1).trafficBasisPoints()) {
                return true;
            }
        }
        return false;
    }
}
