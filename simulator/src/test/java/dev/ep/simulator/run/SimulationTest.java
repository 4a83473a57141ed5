package dev.ep.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

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
