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
