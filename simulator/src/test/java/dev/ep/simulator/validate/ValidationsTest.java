package dev.ep.simulator.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.simulator.engine.Offline;
import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.model.ModelLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every validation passes on a clean ledger (the default shop through the offline storefront) and fails on the same
 * ledger with one defect injected on purpose.
 */
class ValidationsTest {

    private static final RunIds IDS = new RunIds("v1");
    private static final String BUTTON = IDS.experiment("checkout-button");
    private static final String LOYALTY = IDS.experiment("loyalty-banner");
    private static final String RANKING = IDS.experiment("search-ranking");
    private static LedgerContents clean;

    @BeforeAll
    static void run() throws InterruptedException {
        clean = Offline.run(ModelLoader.defaultModel(), IDS, 20261130, 4000);
    }

    @Test
    void shouldPassEveryValidationWhenTheLedgerIsClean() {
        List<ValidationResult> results = Validations.run(clean);

        assertThat(results).hasSize(4).allSatisfy(r -> assertThat(r.passed()).as(r.name() + ": " + r.problems()).isTrue());
        assertThat(results.get(3).figures()).anySatisfy(line -> assertThat(line)
                .contains("recommendations").contains("exposure split").contains("FLAGGED"));
    }

    // 1 SLA

    @Test
    void shouldFailTheSlaWhenOneAnswerIsA5xx() {
        LedgerContents broken = mapOne(clean, e -> e.call().equals(LedgerEntry.TRACK),
                e -> with(e, 503, e.latencyMicros(), e.assignments(), e.coverage()));

        assertFails(new SlaValidation().validate(broken), "HTTP 503");
    }

    @Test
    void shouldFailTheSlaWhenOneCallInFiveHundredIsSlow() {
        List<LedgerEntry> entries = new ArrayList<>();
        for (LedgerEntry e : clean.entries()) {
            entries.add(e.seq() % 500 == 0 ? with(e, e.status(), 50_000, e.assignments(), e.coverage()) : e);
        }

        assertFails(new SlaValidation().validate(new LedgerContents(clean.header(), entries, false)),
                "exceeds the SLA");
    }

    @Test
    void shouldFailTheSlaWhenACallWasNeverAnswered() {
        LedgerContents broken = mapOne(clean, e -> e.call().equals(LedgerEntry.ASSIGN),
                e -> with(e, 0, e.latencyMicros(), List.of(), e.coverage()));

        assertFails(new SlaValidation().validate(broken), "no answer");
    }

    // 2 no conflicting treatments

    @Test
    void shouldFailWhenATreatmentIsFlippedForOneUnit() {
        String unit = sessionAssignedTwice(BUTTON);
        LedgerContents broken = mapLast(clean,
                e -> e.call().equals(LedgerEntry.ASSIGN) && e.session().equals(unit) && has(e, BUTTON),
                e -> with(e, e.status(), e.latencyMicros(), e.assignments().stream()
                        .map(a -> a.experiment().equals(BUTTON) ? new LedgerEntry.Assigned(a.experiment(), a.layer(),
                                a.treatment().equals("green") ? "control" : "green", a.forced()) : a)
                        .toList(), e.coverage()));

        assertFails(new ConflictValidation().validate(broken), "had ");
    }

    // 2 across the run's changes: the default shop ramps search-ranking up at 30% of the sessions and changes the
    // weights of loyalty-banner (a USER experiment) at 50%, opening its phase 2

    @Test
    void shouldAllowMovesAcrossTheWeightChangeOnlyWhenTheChangeMovedTheSlot() {
        assertThat(clean.changes()).extracting(e -> e.change().kind()).containsExactly("ramp", "weights");
        ValidationResult result = new ConflictValidation().validate(clean);

        assertThat(result.passed()).as(String.valueOf(result.problems())).isTrue();
        long moved = Long.parseLong(result.figures().stream().filter(l -> l.contains("units moved by a weight change"))
                .findFirst().orElseThrow().replaceAll(".*units moved by a weight change: (\\d+).*", "$1"));
        assertThat(moved).as("users of loyalty-banner seen in both phases whose slot moved").isPositive();
    }

    @Test
    void shouldFailWhenAUnitMovesAcrossTheWeightChangeThoughItsSlotDidNotMove() {
        long change = changeSeq(LOYALTY);
        String user = unitInBothPhases(LOYALTY, change, false);
        LedgerContents broken = mapAll(clean, e -> e.seq() > change && user.equals(e.user()),
                e -> flip(e, LOYALTY, "banner", "control"));

        assertFails(new ConflictValidation().validate(broken), "though no weight change moved its slot");
    }

    @Test
    void shouldFailWhenATreatmentIsFlippedWithinTheSecondPhase() {
        long change = changeSeq(LOYALTY);
        String user = unitAssignedTwiceAfter(LOYALTY, change);
        LedgerContents broken = mapLast(clean, e -> e.call().equals(LedgerEntry.ASSIGN) && user.equals(e.user())
                && has(e, LOYALTY), e -> flip(e, LOYALTY, "banner", "control"));

        assertFails(new ConflictValidation().validate(broken), "in phase 2");
    }

    @Test
    void shouldFailWhenARampUpMovesAUnit() {
        long ramp = changeSeq(RANKING);
        String session = sessionAcross(RANKING, ramp);
        LedgerContents broken = mapAll(clean, e -> e.seq() > ramp && session.equals(e.session()),
                e -> flip(e, RANKING, "same", "control"));

        assertFails(new ConflictValidation().validate(broken), "in phase 1");
    }

    @Test
    void shouldFailWhenARampUpTakesAUnitOut() {
        long ramp = changeSeq(RANKING);
        String session = sessionAcross(RANKING, ramp);
        LedgerContents broken = mapAll(clean, e -> e.seq() > ramp && session.equals(e.session())
                && e.call().equals(LedgerEntry.ASSIGN), e -> with(e, e.status(), e.latencyMicros(),
                e.assignments().stream().filter(a -> !a.experiment().equals(RANKING)).toList(), e.coverage()));

        assertFails(new ConflictValidation().validate(broken), "got nothing");
    }

    @Test
    void shouldFailWhenAnAnswerAfterTheWeightChangeIsOfTheOldPhase() {
        long change = changeSeq(LOYALTY);
        LedgerContents broken = mapOne(clean, e -> e.seq() > change && e.call().equals(LedgerEntry.ASSIGN)
                && has(e, LOYALTY), e -> with(e, e.status(), e.latencyMicros(), e.assignments().stream()
                        .map(a -> a.experiment().equals(LOYALTY) ? new LedgerEntry.Assigned(a.experiment(), a.layer(),
                                a.treatment(), a.forced(), 1, a.slot()) : a)
                        .toList(), e.coverage()));

        assertFails(new ConflictValidation().validate(broken), "answered in phase 1");
    }

    @Test
    void shouldFailWhenASessionHoldsTwoExperimentsOfOneLayer() {
        String ranking = IDS.experiment("search-ranking");
        String recommendations = IDS.experiment("recommendations");
        LedgerContents broken = mapOne(clean, e -> e.call().equals(LedgerEntry.ASSIGN) && !e.qa() && has(e, ranking),
                e -> {
                    List<LedgerEntry.Assigned> more = new ArrayList<>(e.assignments());
                    more.add(new LedgerEntry.Assigned(recommendations, IDS.layer("discovery"), "grid", false));
                    return with(e, e.status(), e.latencyMicros(), more, e.coverage());
                });

        assertFails(new ConflictValidation().validate(broken), "layer " + IDS.layer("discovery"));
    }

    @Test
    void shouldFailWhenAHeldOutSessionGetsATreatment() {
        LedgerContents broken = mapOne(clean, e -> e.call().equals(LedgerEntry.ASSIGN) && Boolean.TRUE.equals(e.holdout())
                && e.page().equals("checkout"),
                e -> with(e, e.status(), e.latencyMicros(),
                        List.of(new LedgerEntry.Assigned(BUTTON, IDS.layer("checkout"), "green", false)), e.coverage()));

        assertFails(new ConflictValidation().validate(broken), "held-out");
    }

    @Test
    void shouldFailWhenAQaOverrideLoses() {
        LedgerContents broken = mapOne(clean, e -> e.call().equals(LedgerEntry.ASSIGN) && e.qa() && has(e, BUTTON),
                e -> with(e, e.status(), e.latencyMicros(), e.assignments().stream()
                        .filter(a -> !a.experiment().equals(BUTTON)).toList(), e.coverage()));

        assertFails(new ConflictValidation().validate(broken), "QA override");
    }

    // 3 traffic distribution

    @Test
    void shouldFailWhenCoverageOfOneTreatmentIsDropped() {
        List<LedgerEntry> entries = new ArrayList<>();
        for (LedgerEntry e : clean.entries()) {
            boolean drop = e.call().equals(LedgerEntry.COVER) && e.sessionIndex() % 10 < 6
                    && e.coverage().stream().anyMatch(c -> c.experiment().equals(BUTTON) && c.treatment().equals("green"));
            entries.add(drop ? with(e, e.status(), e.latencyMicros(), e.assignments(), e.coverage().stream()
                    .filter(c -> !c.experiment().equals(BUTTON)).toList()) : e);
        }

        assertFails(new TrafficValidation().validate(new LedgerContents(clean.header(), entries, false)),
                BUTTON + " phase 1: exposure split");
    }

    @Test
    void shouldFailWhenAPlantedCoverageBugIsNotFlagged() {
        List<RunHeader.Experiment> experiments = clean.header().experiments().stream()
                .map(x -> x.id().equals(BUTTON) ? new RunHeader.Experiment(x.id(), x.modelId(), x.layer(), x.unit(),
                        x.phase(), x.trafficBasisPoints(), x.weights(), x.control(), x.pages(), x.renders(), "green",
                        0.5, x.overrides(), x.effects()) : x)
                .toList();
        RunHeader h = clean.header();
        RunHeader claimsBug = new RunHeader(h.runId(), h.seed(), h.model(), h.mode(), h.startedAtMillis(),
                h.holdoutBasisPoints(), h.holdoutUnit(), h.slaMillis(), experiments);

        assertFails(new TrafficValidation().validate(new LedgerContents(claimsBug, clean.entries(), false)),
                "was not flagged");
    }

    @Test
    void shouldFailWhenTrafficIsOff() {
        // a quarter of the sessions assigned to the checkout experiment lose that assignment on every page
        List<LedgerEntry> entries = new ArrayList<>();
        for (LedgerEntry e : clean.entries()) {
            boolean strip = e.call().equals(LedgerEntry.ASSIGN) && e.sessionIndex() % 4 == 0 && has(e, BUTTON);
            entries.add(strip ? with(e, e.status(), e.latencyMicros(), e.assignments().stream()
                    .filter(a -> !a.experiment().equals(BUTTON)).toList(), e.coverage()) : e);
        }

        assertFails(new TrafficValidation().validate(new LedgerContents(clean.header(), entries, false)),
                BUTTON + " phase 1: traffic");
    }

    // 0 integrity

    @Test
    void shouldFailWhenAnEventIsDuplicated() {
        List<LedgerEntry> entries = new ArrayList<>(clean.entries());
        LedgerEntry order = entries.stream().filter(e -> e.events().stream().anyMatch(s -> s.orderId() != null))
                .findFirst().orElseThrow();
        entries.add(order);

        ValidationResult result = new IntegrityValidation().validate(new LedgerContents(clean.header(), entries, false));

        assertFails(result, "sent twice");
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).startsWith("order id"));
    }

    @Test
    void shouldFailWhenTheRunWasCutShortByTheLedgerBound() {
        assertFails(new IntegrityValidation().validate(new LedgerContents(clean.header(), clean.entries(), true)),
                "cut short");
    }

    private static void assertFails(ValidationResult result, String problem) {
        assertThat(result.passed()).as(result.name()).isFalse();
        assertThat(result.problems()).anySatisfy(p -> assertThat(p).contains(problem));
    }

    private static boolean has(LedgerEntry e, String experiment) {
        return e.assignments().stream().anyMatch(a -> a.experiment().equals(experiment));
    }

    private static String sessionAssignedTwice(String experiment) {
        java.util.Map<String, Integer> n = new java.util.HashMap<>();
        for (LedgerEntry e : clean.entries()) {
            if (e.call().equals(LedgerEntry.ASSIGN) && !e.qa() && has(e, experiment)
                    && n.merge(e.session(), 1, Integer::sum) == 2) {
                return e.session();
            }
        }
        throw new AssertionError("no session assigned twice");
    }

    private static long changeSeq(String experiment) {
        return clean.changes().stream().filter(e -> e.change().experiment().equals(experiment)).findFirst()
                .orElseThrow().seq();
    }

    /** A user assigned the experiment before and after {@code change}, whose treatment did (not) change. */
    private static String unitInBothPhases(String experiment, long change, boolean moved) {
        java.util.Map<String, String> before = new java.util.HashMap<>();
        for (LedgerEntry e : clean.entries()) {
            for (LedgerEntry.Assigned a : e.assignments()) {
                if (!a.experiment().equals(experiment) || a.forced()) {
                    continue;
                }
                if (e.seq() < change) {
                    before.put(e.user(), a.treatment());
                } else if (before.containsKey(e.user()) && before.get(e.user()).equals(a.treatment()) != moved) {
                    return e.user();
                }
            }
        }
        throw new AssertionError("no unit in both phases");
    }

    private static String unitAssignedTwiceAfter(String experiment, long change) {
        java.util.Map<String, Integer> n = new java.util.HashMap<>();
        for (LedgerEntry e : clean.entries()) {
            if (e.seq() > change && has(e, experiment) && n.merge(e.user(), 1, Integer::sum) == 2) {
                return e.user();
            }
        }
        throw new AssertionError("no unit assigned twice after the change");
    }

    /** A session assigned the experiment before and after {@code change}. */
    private static String sessionAcross(String experiment, long change) {
        java.util.Set<String> before = new java.util.HashSet<>();
        for (LedgerEntry e : clean.entries()) {
            if (!has(e, experiment) || e.qa()) {
                continue;
            }
            if (e.seq() < change) {
                before.add(e.session());
            } else if (before.contains(e.session())) {
                return e.session();
            }
        }
        throw new AssertionError("no session across the change");
    }

    /** The experiment's treatment swapped ({@code a} ↔ {@code b}) in an entry's assignments and coverage. */
    private static LedgerEntry flip(LedgerEntry e, String experiment, String a, String b) {
        java.util.function.UnaryOperator<String> swap = t -> t.equals(a) ? b : t.equals(b) ? a : t;
        return with(e, e.status(), e.latencyMicros(), e.assignments().stream()
                .map(x -> x.experiment().equals(experiment) ? new LedgerEntry.Assigned(x.experiment(), x.layer(),
                        swap.apply(x.treatment()), x.forced(), x.phase(), x.slot()) : x).toList(),
                e.coverage().stream().map(c -> c.experiment().equals(experiment) ? new LedgerEntry.Covered(
                        c.experiment(), swap.apply(c.treatment()), c.status(), c.phase(), c.slot()) : c).toList());
    }

    private static LedgerContents mapAll(LedgerContents ledger, java.util.function.Predicate<LedgerEntry> which,
            UnaryOperator<LedgerEntry> change) {
        List<LedgerEntry> entries = new ArrayList<>();
        boolean any = false;
        for (LedgerEntry e : ledger.entries()) {
            boolean hit = !e.call().equals(LedgerEntry.CHANGE) && which.test(e);
            any |= hit;
            entries.add(hit ? change.apply(e) : e);
        }
        if (!any) {
            throw new AssertionError("no entry to change");
        }
        return new LedgerContents(ledger.header(), entries, false);
    }

    private static LedgerContents mapOne(LedgerContents ledger, java.util.function.Predicate<LedgerEntry> which,
            UnaryOperator<LedgerEntry> change) {
        List<LedgerEntry> entries = new ArrayList<>(ledger.entries());
        for (int i = 0; i < entries.size(); i++) {
            if (which.test(entries.get(i))) {
                entries.set(i, change.apply(entries.get(i)));
                return new LedgerContents(ledger.header(), entries, false);
            }
        }
        throw new AssertionError("no entry to change");
    }

    private static LedgerContents mapLast(LedgerContents ledger, java.util.function.Predicate<LedgerEntry> which,
            UnaryOperator<LedgerEntry> change) {
        List<LedgerEntry> entries = new ArrayList<>(ledger.entries());
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (which.test(entries.get(i))) {
                entries.set(i, change.apply(entries.get(i)));
                return new LedgerContents(ledger.header(), entries, false);
            }
        }
        throw new AssertionError("no entry to change");
    }

    private static LedgerEntry with(LedgerEntry e, int status, long latencyMicros, List<LedgerEntry.Assigned> assigned,
            List<LedgerEntry.Covered> covered) {
        return new LedgerEntry(e.seq(), e.wallMillis(), e.simMillis(), e.session(), e.sessionIndex(), e.qa(), e.user(),
                e.page(), e.pageIndex(), e.call(), status, latencyMicros, status == e.status() ? e.error() : "injected",
                e.holdout(), e.configVersion(), assigned, covered, e.events());
    }
}
