package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.stats.PearsonChiSquare;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validation 3, traffic distribution, per experiment, with Pearson's χ² ({@link PearsonChiSquare}; Pearson 1900)
 * at α = 0.001, QA sessions and forced assignments left out:
 * <ul>
 * <li><b>traffic</b>: of the eligible units (that asked on one of the experiment's pages, not held out from its
 * layer), the share assigned matches the experiment's traffic (a unit's layer bucket is owned by the experiment with
 * probability traffic, whatever other experiments share the layer);</li>
 * <li><b>assignment split</b>: assigned units per treatment match the weights;</li>
 * <li><b>exposure split</b>: units whose coverage was confirmed, per treatment, match the weights. For the
 * experiment carrying the model's deliberate coverage bug the test must <em>fail</em> (p ≤ 0.001): the bug must be
 * flagged, and it is a problem if it is not.</li>
 * </ul>
 * A test needs at least 5 expected units per category (Cochran's rule for χ²); with fewer, that is reported as a
 * problem rather than passed.
 */
public final class TrafficValidation implements Validation {

    public static final String NAME = "3 traffic distribution";
    static final double ALPHA = 0.001;
    private static final double MIN_EXPECTED = 5;

    /** Per-experiment counts, also for the report's split chart. */
    public record Split(String experiment, long eligible, Map<String, Long> assigned, Map<String, Long> exposed) {
    }

    @Override
    public ValidationResult validate(LedgerContents ledger) {
        Findings f = new Findings(NAME);
        for (Split s : splits(ledger)) {
            RunHeader.Experiment x = ledger.header().experiment(s.experiment());
            long assignedTotal = s.assigned().values().stream().mapToLong(Long::longValue).sum();
            String prefix = x.id() + ": ";
            f.figure(prefix + "eligible " + s.eligible() + ", assigned " + s.assigned() + ", exposed " + s.exposed());
            if (x.trafficBasisPoints() >= 10_000) {
                if (assignedTotal != s.eligible()) {
                    f.problem(prefix + "traffic 100% but " + (s.eligible() - assignedTotal) + " of " + s.eligible()
                            + " eligible units were not assigned");
                }
            } else {
                double t = x.trafficBasisPoints() / 10_000.0;
                test(f, prefix + "traffic " + t * 100 + "%", new long[] {assignedTotal, s.eligible() - assignedTotal},
                        new double[] {t, 1 - t}, false);
            }
            double[] shares = shares(x);
            test(f, prefix + "assignment split", counts(x, s.assigned()), shares, false);
            test(f, prefix + "exposure split" + (x.bugTreatment() == null ? "" : " (coverage bug planted in "
                    + x.bugTreatment() + ")"), counts(x, s.exposed()), shares, x.bugTreatment() != null);
        }
        return f.result();
    }

    private static void test(Findings f, String what, long[] observed, double[] shares, boolean mustFlag) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        for (double s : shares) {
            if (total * s < MIN_EXPECTED) {
                f.problem(what + ": too few units to test (" + total + "; need >= " + MIN_EXPECTED
                        + " expected per category)");
                return;
            }
        }
        PearsonChiSquare.Result r = PearsonChiSquare.test(observed, shares);
        boolean flagged = r.pValue() <= ALPHA;
        f.figure(String.format("%s: chi2 %.3f, df %d, p %.3g%s", what, r.statistic(), r.degreesOfFreedom(),
                r.pValue(), flagged ? " FLAGGED" : ""));
        if (mustFlag && !flagged) {
            f.problem(what + ": the deliberate coverage bug was not flagged (p " + String.format("%.3g", r.pValue())
                    + " > " + ALPHA + ")");
        } else if (!mustFlag && flagged) {
            f.problem(what + ": sample ratio mismatch, p " + String.format("%.3g", r.pValue()) + " <= " + ALPHA);
        }
    }

    private static double[] shares(RunHeader.Experiment x) {
        return x.weights().values().stream().mapToDouble(w -> w / 10_000.0).toArray();
    }

    private static long[] counts(RunHeader.Experiment x, Map<String, Long> perTreatment) {
        return x.weights().keySet().stream().mapToLong(t -> perTreatment.getOrDefault(t, 0L)).toArray();
    }

    /** Eligible, assigned and exposed units per experiment of the run. */
    public static List<Split> splits(LedgerContents ledger) {
        RunHeader header = ledger.header();
        Map<String, Set<String>> eligible = new HashMap<>();
        Map<String, Map<String, Set<String>>> assigned = new HashMap<>();
        Map<String, Map<String, Set<String>>> exposed = new HashMap<>();
        for (LedgerEntry e : ledger.entries()) {
            if (!e.ok() || e.qa()) {
                continue;
            }
            if (e.call().equals(LedgerEntry.ASSIGN)) {
                boolean held = Boolean.TRUE.equals(e.holdout());
                for (RunHeader.Experiment x : header.experiments()) {
                    String unit = Units.of(x, e);
                    if (unit == null || !x.assignsOn(e.page()) || (held && header.holdoutUnit().equals(x.unit()))) {
                        continue;
                    }
                    eligible.computeIfAbsent(x.id(), k -> new HashSet<>()).add(unit);
                }
                for (LedgerEntry.Assigned a : e.assignments()) {
                    RunHeader.Experiment x = header.experiment(a.experiment());
                    if (x != null && !a.forced()) {
                        assigned.computeIfAbsent(x.id(), k -> new HashMap<>())
                                .computeIfAbsent(a.treatment(), k -> new HashSet<>()).add(Units.of(x, e));
                    }
                }
            } else if (e.call().equals(LedgerEntry.COVER)) {
                for (LedgerEntry.Covered c : e.coverage()) {
                    RunHeader.Experiment x = header.experiment(c.experiment());
                    if (x != null && c.covered()) {
                        exposed.computeIfAbsent(x.id(), k -> new HashMap<>())
                                .computeIfAbsent(c.treatment(), k -> new HashSet<>()).add(Units.of(x, e));
                    }
                }
            }
        }
        List<Split> out = new ArrayList<>();
        for (RunHeader.Experiment x : header.experiments()) {
            out.add(new Split(x.id(), eligible.getOrDefault(x.id(), Set.of()).size(),
                    sizes(x, assigned.get(x.id())), sizes(x, exposed.get(x.id()))));
        }
        return out;
    }

    private static Map<String, Long> sizes(RunHeader.Experiment x, Map<String, Set<String>> perTreatment) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : x.weights().keySet()) {
            out.put(t, perTreatment == null ? 0L : (long) perTreatment.getOrDefault(t, Set.of()).size());
        }
        return out;
    }
}
