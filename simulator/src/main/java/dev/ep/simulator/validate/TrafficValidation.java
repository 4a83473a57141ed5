package dev.ep.simulator.validate;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.Timeline;
import dev.ep.stats.PearsonChiSquare;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validation 3, traffic distribution, per experiment and per phase (and traffic step), with Pearson's χ²
 * ({@link PearsonChiSquare}; Pearson 1900), QA sessions and forced assignments left out:
 * <ul>
 * <li><b>traffic</b>, per period of constant configuration ({@link Timeline}: the start, then each ramp or weight
 * change): of the units eligible in it (that asked on one of the experiment's pages, not held out from its layer), the
 * share assigned matches the period's traffic (a unit's layer bucket is owned by the experiment with probability
 * traffic, whatever other experiments share the layer);</li>
 * <li><b>assignment split</b>, per phase: units assigned in the phase, per treatment, match the phase's weights;</li>
 * <li><b>exposure split</b>, per phase: units whose first confirmed coverage (reporting-service's exposure) was of
 * that phase's decision, per treatment, match the phase's weights. For the experiment carrying the model's deliberate
 * coverage bug the test must <em>flag</em>: the bug must be found, and it is a problem if it is not.</li>
 * </ul>
 * <b>Family-wise rule.</b> The issue's threshold is kept per test for what must be found: the coverage bug is
 * flagged at p ≤ {@value #ALPHA}. A healthy run makes m tests that must not flag (13 for the default shop with
 * its changes); at 0.001 each it would fail in 1 − 0.999^m ≈ 1.3% of runs. So those tests are judged by
 * Bonferroni over the run's m tests: one fails at p ≤ {@value #FAMILY_ALPHA} / m, and a healthy run fails validation
 * 3 with probability at most {@value #FAMILY_ALPHA} (Bonferroni's inequality: P(any p ≤ α/m) ≤ m · α/m; Dunn 1961).
 * A p-value between the two thresholds is reported as such, not as a failure.
 *
 * <p>A test needs at least 5 expected units per category (Cochran's rule for χ²); with fewer, that is reported as a
 * problem rather than passed.
 */
public final class TrafficValidation implements Validation {

    public static final String NAME = "3 traffic distribution";
    /** Per test: the issue's threshold, at which a deliberate coverage bug must be flagged. */
    static final double ALPHA = 0.001;
    /** Family-wise: the probability bound for a healthy run to fail validation 3 (Bonferroni over its tests). */
    static final double FAMILY_ALPHA = 0.001;
    private static final double MIN_EXPECTED = 5;

    /** Per-experiment counts over the whole run, for the report's split chart. */
    public record Split(String experiment, long eligible, Map<String, Long> assigned, Map<String, Long> exposed) {
    }

    /** One χ² test of the run; {@code mustFlag} for the exposure split of the planted coverage bug. */
    private record Test(String what, long[] observed, double[] shares, boolean mustFlag) {

        long total() {
            long t = 0;
            for (long o : observed) {
                t += o;
            }
            return t;
        }

        boolean testable() {
            for (double s : shares) {
                if (total() * s < MIN_EXPECTED) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public ValidationResult validate(LedgerContents ledger) {
        Findings f = new Findings(NAME);
        List<Test> tests = tests(ledger, f);
        long family = tests.stream().filter(t -> !t.mustFlag() && t.testable()).count();
        double perTest = FAMILY_ALPHA / Math.max(1, family);
        f.figure(String.format(Locale.ROOT, "family: %d tests must not flag, each fails at p <= %.3g (Bonferroni, "
                + "%.3g over the run); the coverage bug is flagged at p <= %.3g", family, perTest, FAMILY_ALPHA,
                ALPHA));
        for (Test t : tests) {
            judge(f, t, perTest);
        }
        return f.result();
    }

    /**
     * The p-values of the run's tests: those that must not flag, and those of the planted coverage bug (which must).
     * For the family-wise error test.
     */
    record PValues(List<Double> healthy, List<Double> bug) {
    }

    static PValues pValues(LedgerContents ledger) {
        List<Double> healthy = new ArrayList<>();
        List<Double> bug = new ArrayList<>();
        for (Test t : tests(ledger, new Findings(NAME))) {
            if (t.testable()) {
                (t.mustFlag() ? bug : healthy).add(PearsonChiSquare.test(t.observed(), t.shares()).pValue());
            }
        }
        return new PValues(healthy, bug);
    }

    private static List<Test> tests(LedgerContents ledger, Findings f) {
        Counts counts = count(ledger);
        List<Test> tests = new ArrayList<>();
        for (RunHeader.Experiment x : ledger.header().experiments()) {
            for (Timeline.Period p : counts.timeline.periods(x.id())) {
                String key = x.id() + "#" + p.index();
                long eligible = counts.eligible.getOrDefault(key, Set.of()).size();
                long assigned = counts.assignedInPeriod.getOrDefault(key, Set.of()).size();
                String prefix = x.id() + " " + label(counts.timeline, x.id(), p) + ": ";
                f.figure(prefix + "eligible " + eligible + ", assigned " + assigned);
                if (p.trafficBasisPoints() >= 10_000) {
                    if (assigned != eligible) {
                        f.problem(prefix + "traffic 100% but " + (eligible - assigned) + " of " + eligible
                                + " eligible units were not assigned");
                    }
                } else {
                    double t = p.trafficBasisPoints() / 10_000.0;
                    tests.add(new Test(prefix + "traffic " + t * 100 + "%", new long[] {assigned, eligible - assigned},
                            new double[] {t, 1 - t}, false));
                }
            }
            for (int phase : counts.timeline.phases(x.id())) {
                Map<String, Integer> weights = counts.timeline.weights(x.id(), phase);
                double[] shares = weights.values().stream().mapToDouble(w -> w / 10_000.0).toArray();
                String prefix = x.id() + " phase " + phase + ": ";
                Map<String, Long> assigned = sizes(weights, counts.assignedInPhase.get(x.id() + "#" + phase));
                Map<String, Long> exposed = sizes(weights, counts.exposedInPhase.get(x.id() + "#" + phase));
                f.figure(prefix + "weights " + weights + ", assigned " + assigned + ", exposed " + exposed);
                tests.add(new Test(prefix + "assignment split", values(assigned), shares, false));
                tests.add(new Test(prefix + "exposure split" + (x.bugTreatment() == null ? ""
                        : " (coverage bug planted in " + x.bugTreatment() + ")"), values(exposed), shares,
                        x.bugTreatment() != null));
            }
        }
        return tests;
    }

    private static void judge(Findings f, Test t, double perTest) {
        if (!t.testable()) {
            f.problem(t.what() + ": too few units to test (" + t.total() + "; need >= " + MIN_EXPECTED
                    + " expected per category)");
            return;
        }
        PearsonChiSquare.Result r = PearsonChiSquare.test(t.observed(), t.shares());
        double limit = t.mustFlag() ? ALPHA : perTest;
        boolean flagged = r.pValue() <= limit;
        String note = flagged ? " FLAGGED" : !t.mustFlag() && r.pValue() <= ALPHA
                ? " (below " + ALPHA + ", above the family threshold: chance)" : "";
        f.figure(String.format(Locale.ROOT, "%s: chi2 %.3f, df %d, p %.3g%s", t.what(), r.statistic(),
                r.degreesOfFreedom(), r.pValue(), note));
        if (t.mustFlag() && !flagged) {
            f.problem(t.what() + ": the deliberate coverage bug was not flagged (p " + String.format(Locale.ROOT,
                    "%.3g", r.pValue()) + " > " + ALPHA + ")");
        } else if (!t.mustFlag() && flagged) {
            f.problem(t.what() + ": sample ratio mismatch, p " + String.format(Locale.ROOT, "%.3g", r.pValue())
                    + " <= " + String.format(Locale.ROOT, "%.3g", perTest));
        }
    }

    private static String label(Timeline timeline, String experiment, Timeline.Period p) {
        if (timeline.periods(experiment).size() == 1) {
            return "phase " + p.phase();
        }
        return "phase " + p.phase() + " period " + (p.index() + 1) + " (" + (p.index() == 0 ? "from the start"
                : "from seq " + p.fromSeq()) + ")";
    }

    private static long[] values(Map<String, Long> perTreatment) {
        return perTreatment.values().stream().mapToLong(Long::longValue).toArray();
    }

    private static Map<String, Long> sizes(Map<String, Integer> weights, Map<String, Set<String>> perTreatment) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : weights.keySet()) {
            out.put(t, perTreatment == null ? 0L : (long) perTreatment.getOrDefault(t, Set.of()).size());
        }
        return out;
    }

    /** Units per period and phase; keys {@code experiment#period} and {@code experiment#phase}. */
    private static final class Counts {
        Timeline timeline;
        final Map<String, Set<String>> eligible = new HashMap<>();
        final Map<String, Set<String>> assignedInPeriod = new HashMap<>();
        final Map<String, Map<String, Set<String>>> assignedInPhase = new HashMap<>();
        final Map<String, Map<String, Set<String>>> exposedInPhase = new HashMap<>();
    }

    private static Counts count(LedgerContents ledger) {
        RunHeader header = ledger.header();
        Counts c = new Counts();
        c.timeline = Timeline.of(ledger);
        Set<String> exposedOnce = new HashSet<>(); // experiment|unit: first coverage seen
        for (LedgerEntry e : ledger.calls()) {
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
                    c.eligible.computeIfAbsent(x.id() + "#" + c.timeline.at(x.id(), e.seq()).index(),
                            k -> new HashSet<>()).add(unit);
                }
                for (LedgerEntry.Assigned a : e.assignments()) {
                    RunHeader.Experiment x = header.experiment(a.experiment());
                    if (x != null && !a.forced()) {
                        String unit = Units.of(x, e);
                        Timeline.Period p = c.timeline.at(x.id(), e.seq());
                        c.assignedInPeriod.computeIfAbsent(x.id() + "#" + p.index(), k -> new HashSet<>()).add(unit);
                        c.assignedInPhase.computeIfAbsent(x.id() + "#" + p.phase(), k -> new HashMap<>())
                                .computeIfAbsent(a.treatment(), k -> new HashSet<>()).add(unit);
                    }
                }
            } else if (e.call().equals(LedgerEntry.COVER)) {
                for (LedgerEntry.Covered cv : e.coverage()) {
                    RunHeader.Experiment x = header.experiment(cv.experiment());
                    if (x != null && cv.covered() && exposedOnce.add(x.id() + "|" + Units.of(x, e))) {
                        int phase = cv.phase() > 0 ? cv.phase() : c.timeline.at(x.id(), e.seq()).phase();
                        c.exposedInPhase.computeIfAbsent(x.id() + "#" + phase, k -> new HashMap<>())
                                .computeIfAbsent(cv.treatment(), k -> new HashSet<>()).add(Units.of(x, e));
                    }
                }
            }
        }
        return c;
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
