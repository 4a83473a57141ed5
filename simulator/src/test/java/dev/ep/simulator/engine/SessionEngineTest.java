package dev.ep.simulator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.MemoryLedger;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.RunHeaders;
import dev.ep.simulator.model.ModelLoader;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.model.StateSpec;
import dev.ep.simulator.offline.OfflineStorefront;
import dev.ep.stats.PearsonChiSquare;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SessionEngineTest {

    private static final RunIds IDS = new RunIds("t1");

    @Test
    void shouldProduceTheSameSessionsAndLedgerWhenRunTwiceWithTheSameSeed() throws Exception {
        ShopModel model = ModelLoader.defaultModel();

        LedgerContents first = Offline.run(model, IDS, 42, 400);
        LedgerContents second = Offline.run(model, IDS, 42, 400);
        LedgerContents other = Offline.run(model, IDS, 43, 400);

        assertThat(comparable(second)).isEqualTo(comparable(first));
        assertThat(comparable(other)).isNotEqualTo(comparable(first));
    }

    @Test
    void shouldGiveEverySessionTheSameOutcomeWhenRunConcurrentlyInAnyOrder() throws Exception {
        ShopModel model = ModelLoader.defaultModel();
        List<SessionPlan> plans = SessionPlans.create(model, IDS, 7, 600);
        RunHeader header = RunHeaders.of(model, IDS, 7, "offline", 0, 10, plans, Map.of());
        SessionEngine engine = new SessionEngine(model, IDS, 7);

        Map<Long, SessionOutcome> sequential = new HashMap<>();
        Storefront sequentialFront = new OfflineStorefront(header, new MemoryLedger(header, 1_000_000));
        for (SessionPlan p : plans) {
            sequential.put(p.index(), engine.run(p, sequentialFront, Pacer.NONE));
        }
        List<SessionPlan> reversed = new ArrayList<>(plans);
        java.util.Collections.reverse(reversed);
        Storefront concurrentFront = new OfflineStorefront(header, new MemoryLedger(header, 1_000_000));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<Long, Future<SessionOutcome>> concurrent = new HashMap<>();
        for (SessionPlan p : reversed) {
            concurrent.put(p.index(), pool.submit(() -> engine.run(p, concurrentFront, Pacer.NONE)));
        }
        pool.shutdown();

        for (SessionPlan p : plans) {
            assertThat(concurrent.get(p.index()).get()).isEqualTo(sequential.get(p.index()));
        }
    }

    @Test
    void shouldFollowTheFilesTransitionProbabilitiesWhenNoEffectApplies() throws Exception {
        ShopModel model = withoutExperiments(ModelLoader.defaultModel());
        Map<String, Map<String, Long>> counts = transitionCounts(model, 20_000);

        for (Map.Entry<String, StateSpec> state : model.states().entrySet()) {
            Map<String, Double> expected = state.getValue().next();
            PearsonChiSquare.Result fit = fit(counts.get(state.getKey()), expected);
            assertThat(fit.pValue()).as("χ² of transitions out of %s: %s", state.getKey(), counts.get(state.getKey()))
                    .isGreaterThan(0.001);
        }
        // The same counts are far from a distribution moved by five points: the check has power.
        Map<String, Double> moved = new LinkedHashMap<>(model.states().get("product").next());
        moved.put("cart", moved.get("cart") + 0.05);
        moved.put("exit", moved.get("exit") - 0.05);
        assertThat(fit(counts.get("product"), moved).pValue()).isLessThan(0.001);
    }

    @Test
    void shouldRaiseCheckoutToOrderForTheTreatedSessionsWhenAnEffectIsPlanted() throws Exception {
        ShopModel model = ModelLoader.parse(EngineModels.PLANTED);
        LedgerContents ledger = Offline.run(model, IDS, 11, 30_000);

        Map<String, long[]> perTreatment = checkoutToOrder(ledger, IDS.experiment("button"));
        double control = rate(perTreatment.get("control"));
        double green = rate(perTreatment.get("green"));

        assertThat(green).isGreaterThan(control);
        // green's checkout → order is 0.55 × 1.5 = 0.825, control's 0.55: each within 4 standard errors
        assertWithinBand(perTreatment.get("green"), 0.825);
        assertWithinBand(perTreatment.get("control"), 0.55);
    }

    private static void assertWithinBand(long[] trialsAndHits, double p) {
        double n = trialsAndHits[0];
        double band = 4 * Math.sqrt(p * (1 - p) / n);
        assertThat(trialsAndHits[1] / n).isBetween(p - band, p + band);
    }

    private static double rate(long[] trialsAndHits) {
        return (double) trialsAndHits[1] / trialsAndHits[0];
    }

    /** Per treatment: checkout pages that rendered it, and how many of them were followed by the order page. */
    private static Map<String, long[]> checkoutToOrder(LedgerContents ledger, String experiment) {
        Map<String, List<LedgerEntry>> bySession = new LinkedHashMap<>();
        for (LedgerEntry e : ledger.entries()) {
            if (e.call().equals(LedgerEntry.ASSIGN)) {
                bySession.computeIfAbsent(e.session(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, long[]> out = new HashMap<>();
        for (List<LedgerEntry> pages : bySession.values()) {
            for (int i = 0; i < pages.size(); i++) {
                LedgerEntry page = pages.get(i);
                if (!page.page().equals("checkout")) {
                    continue;
                }
                String treatment = page.assignments().stream().filter(a -> a.experiment().equals(experiment))
                        .map(LedgerEntry.Assigned::treatment).findFirst().orElse(null);
                if (treatment == null) {
                    continue;
                }
                long[] c = out.computeIfAbsent(treatment, k -> new long[2]);
                c[0]++;
                if (i + 1 < pages.size() && pages.get(i + 1).page().equals("order")) {
                    c[1]++;
                }
            }
        }
        return out;
    }

    private static PearsonChiSquare.Result fit(Map<String, Long> observed, Map<String, Double> expected) {
        List<Long> counts = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            if (e.getValue() > 0) {
                counts.add(observed.getOrDefault(e.getKey(), 0L));
                shares.add(e.getValue());
            }
        }
        return PearsonChiSquare.test(counts.stream().mapToLong(Long::longValue).toArray(),
                shares.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Map<String, Map<String, Long>> transitionCounts(ShopModel model, int sessions) throws Exception {
        List<SessionPlan> plans = SessionPlans.create(model, IDS, 5, sessions);
        RunHeader header = RunHeaders.of(model, IDS, 5, "offline", 0, 10, plans, Map.of());
        Storefront front = new OfflineStorefront(header, new MemoryLedger(header, 0));
        SessionEngine engine = new SessionEngine(model, IDS, 5);
        Map<String, Map<String, Long>> counts = new HashMap<>();
        for (SessionPlan p : plans) {
            List<String> path = engine.run(p, front, Pacer.NONE).path();
            for (int i = 0; i < path.size(); i++) {
                String to = i + 1 < path.size() ? path.get(i + 1) : ShopModel.EXIT;
                if (i + 1 == model.maxPagesPerSession()) {
                    break; // cut by the bound, not a transition
                }
                counts.computeIfAbsent(path.get(i), k -> new HashMap<>()).merge(to, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static ShopModel withoutExperiments(ShopModel m) {
        return new ShopModel(m.name(), m.arrivals(), m.visitors(), m.start(), m.states(), m.orderValue(), m.holdout(),
                m.layers(), List.of(), m.maxPagesPerSession(), List.of());
    }

    /** The ledger without what legitimately differs between runs: wall-clock times and latencies. */
    private static List<String> comparable(LedgerContents ledger) {
        return ledger.entries().stream()
                .map(e -> e.session() + "|" + e.page() + "|" + e.call() + "|" + e.user() + "|" + e.holdout() + "|"
                        + e.assignments() + "|" + e.coverage() + "|" + e.events())
                .toList();
    }
}
