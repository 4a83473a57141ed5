package dev.ep.simulator.engine;

import dev.ep.simulator.run.Mode;
import dev.ep.simulator.run.Simulation;
import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.MemoryLedger;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.RunHeaders;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.offline.OfflineStorefront;
import java.util.List;
import java.util.Map;

/**
 * Test fixture: a whole run against the offline storefront into a memory ledger, by the offline event loop (pages in
 * simulated-time order, one thread, the model's changes made on the way), as {@code --mode offline} runs it.
 */
public final class Offline {

    private Offline() {
    }

    public static LedgerContents run(ShopModel model, RunIds ids, long seed, int sessions) throws InterruptedException {
        List<SessionPlan> plans = SessionPlans.create(model, ids, seed, sessions);
        RunHeader header = RunHeaders.of(model, ids, seed, "offline", 0, 10, plans, Map.of());
        MemoryLedger ledger = new MemoryLedger(header, Integer.MAX_VALUE);
        OfflineStorefront front = new OfflineStorefront(header, ledger);
        new Simulation(new SessionEngine(model, ids, seed), Mode.OFFLINE, 1, 1)
                .run(plans, front, ledger, null, model.changes(), front);
        return ledger.contents();
    }
}
