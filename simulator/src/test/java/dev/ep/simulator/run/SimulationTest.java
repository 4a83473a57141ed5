package dev.ep.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.simulator.engine.EngineModels;
import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.engine.SessionEngine;
import dev.ep.simulator.engine.SessionPlan;
import dev.ep.simulator.engine.SessionPlans;
import dev.ep.simulator.ledger.FileLedger;
import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.ledger.LedgerReader;
import dev.ep.simulator.ledger.MemoryLedger;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.RunHeaders;
import dev.ep.simulator.model.ModelLoader;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.offline.OfflineStorefront;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {

    private static final RunIds IDS = new RunIds("m1");
    private final ShopModel model = ModelLoader.parse(EngineModels.PLANTED);

    @TempDir
    Path dir;

    @Test
    void shouldSendTheSameSessionsWhenPacedInRealTimeAsWhenAccelerated() throws Exception {
        List<String> accelerated = run(Mode.ACCELERATED, 8, 1);
        List<String> realtime = run(Mode.REALTIME, 8, 100_000); // a day of arrivals in under a second

        assertThat(realtime).isEqualTo(accelerated);
    }

    @Test
    void shouldRunManyVisitorsReadingAtOnceOnTwoWorkersWhenPacedInRealTime() throws Exception {
        // a busy shop (200,000 sessions a day) at 1,000x: over a hundred visitors read a page at any moment; a thread per
        // session would need as many, the event loop needs its two workers (and the scheduler, the caller's thread)
        ShopModel busy = ModelLoader.parse(EngineModels.PLANTED.replace("sessionsPerDay: 10000", "sessionsPerDay: 200000"));
        List<SessionPlan> plans = SessionPlans.create(busy, IDS, 5, 2000);
        RunHeader header = RunHeaders.of(busy, IDS, 5, "realtime", 0, 10, plans, Map.of());
        MemoryLedger ledger = new MemoryLedger(header, Integer.MAX_VALUE);
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> simPageThreads() == 0); // earlier tests' pools
        java.util.concurrent.atomic.AtomicInteger peak = new java.util.concurrent.atomic.AtomicInteger();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(simPageThreads(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        RunSummary summary;
        try {
            summary = new Simulation(new SessionEngine(busy, IDS, 5), Mode.REALTIME, 2, 1_000)
                    .run(plans, new OfflineStorefront(header, ledger), ledger, null);
        } finally {
            watcher.interrupt();
            watcher.join();
        }

        assertThat(summary.completed()).isEqualTo(2000);
        assertThat(peak.get()).as("simulator threads at any time").isLessThanOrEqualTo(2);
        long overlapping = maxOverlap(ledger.contents());
        assertThat(overlapping).as("sessions in progress at once (simulated time)").isGreaterThan(100);
    }

    private static int simPageThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("sim-page")).count();
    }

    /** The most sessions in progress at one simulated moment (first to last page). */
    private static long maxOverlap(LedgerContents ledger) {
        Map<String, long[]> span = new java.util.HashMap<>();
        for (LedgerEntry e : ledger.calls()) {
            span.merge(e.session(), new long[] {e.simMillis(), e.simMillis()},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<long[]> edges = new java.util.ArrayList<>();
        span.values().forEach(s -> {
            edges.add(new long[] {s[0], 1});
            edges.add(new long[] {s[1], -1});
        });
        edges.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> -x[1]));
        long now = 0;
        long max = 0;
        for (long[] edge : edges) {
            now += edge[1];
            max = Math.max(max, now);
        }
        return max;
    }

    @Test
    void shouldStopStartingSessionsWhenTheLedgerIsFull() throws Exception {
        List<SessionPlan> plans = SessionPlans.create(model, IDS, 3, 500);
        RunHeader header = RunHeaders.of(model, IDS, 3, "offline", 0, 10, plans, Map.of());
        Path file = dir.resolve("ledger.jsonl");
        RunSummary summary;
        try (FileLedger ledger = new FileLedger(file, header, 20_000)) {
            summary = new Simulation(new SessionEngine(model, IDS, 3), Mode.OFFLINE, 2, 1)
                    .run(plans, new OfflineStorefront(header, ledger), ledger, null);
        }

        assertThat(summary.stoppedByLedgerBound()).isTrue();
        assertThat(summary.completed()).isLessThan(summary.planned());
        LedgerContents back = LedgerReader.read(file);
        assertThat(back.truncated()).isTrue();
        assertThat(back.entries().stream().map(LedgerEntry::session).distinct().count()).isEqualTo(summary.completed());
    }

    /** Every call of the run, ordered by session and page, without wall-clock times. */
    private List<String> run(Mode mode, int concurrency, double speed) throws InterruptedException {
        List<SessionPlan> plans = SessionPlans.create(model, IDS, 9, 60);
        RunHeader header = RunHeaders.of(model, IDS, 9, mode.wire(), 0, 10, plans, Map.of());
        MemoryLedger ledger = new MemoryLedger(header, Integer.MAX_VALUE);
        RunSummary summary = new Simulation(new SessionEngine(model, IDS, 9), mode, concurrency, speed)
                .run(plans, new OfflineStorefront(header, ledger), ledger, null);
        assertThat(summary.completed()).isEqualTo(plans.size());
        return ledger.contents().entries().stream()
                .sorted(Comparator.comparingLong(LedgerEntry::sessionIndex).thenComparingInt(LedgerEntry::pageIndex)
                        .thenComparing(LedgerEntry::call))
                .map(e -> e.session() + "|" + e.page() + "|" + e.call() + "|" + e.simMillis() + "|" + e.assignments()
                        + "|" + e.coverage() + "|" + e.events())
                .toList();
    }
}
