package dev.ep.simulator.engine;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.MemoryLedger;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.RunHeaders;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.offline.OfflineStorefront;
import java.util.List;
import java.util.Map;

/** Test fixture: a whole run against the offline storefront, sequentially, into a memory ledger. */
public final class Offline {

    private Offline() {
    }

    public static LedgerContents run(ShopModel model, RunIds ids, long seed, int sessions) throws InterruptedException {
        List<SessionPlan> plans = SessionPlans.create(model, ids, seed, sessions);
        RunHeader header = RunHeaders.of(model, ids, seed, "offline", 0, 10, plans, Map.of());
        MemoryLedger ledger = new MemoryLedger(header, Integer.MAX_VALUE);
        Storefront front = new OfflineStorefront(header, ledger);
        SessionEngine engine = new SessionEngine(model, ids, seed);
        for (SessionPlan p : plans) {
            engine.run(p, front, Pacer.NONE);
        }
        return ledger.contents();
    }
}
