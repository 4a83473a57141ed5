package dev.ep.simulator.run;

import dev.ep.simulator.engine.ConfigChanger;
import dev.ep.simulator.engine.Pacer;
import dev.ep.simulator.engine.SessionEngine;
import dev.ep.simulator.engine.SessionOutcome;
import dev.ep.simulator.engine.SessionPlan;
import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.ledger.Ledger;
import dev.ep.simulator.ledger.LedgerEntry;
import dev.ep.simulator.model.ChangeSpec;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the sessions of a run. Accelerated: on a bounded pool, at most {@code concurrency} sessions in flight, each
 * straight through (no dwell). Real time and offline: by the {@link Scheduled} event loop, page by page in simulated
 * time order (a session holds no thread while its visitor reads a page). A session's behaviour depends only on its
 * own random stream and the platform's answers, so scheduling never changes what it does. New sessions stop once the
 * ledger is full.
 */
public final class Simulation {

    private final SessionEngine engine;
    private final Mode mode;
    private final int concurrency;
    private final double speed;

    public Simulation(SessionEngine engine, Mode mode, int concurrency, double speed) {
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException("--concurrency: 1..1024, got " + concurrency);
        }
        if (!(speed > 0)) {
            throw new IllegalArgumentException("--speed must be > 0");
        }
        this.engine = engine;
        this.mode = mode;
        this.concurrency = concurrency;
        this.speed = speed;
    }

    public RunSummary run(List<SessionPlan> plans, Storefront storefront, Ledger ledger, PrintStream progressOut)
            throws InterruptedException {
        return run(plans, storefront, ledger, progressOut, List.of(), ConfigChanger.NONE);
    }

    /**
     * Runs the sessions and makes the model's {@code changes} on the way: change c is made, behind the
     * {@link GatedStorefront} barrier, just before visitor session number {@link ChangeSpec#atSession} starts, and
     * recorded in the ledger at that point ({@link LedgerEntry#of}).
     */
    public RunSummary run(List<SessionPlan> plans, Storefront unguarded, Ledger ledger, PrintStream progressOut,
            List<ChangeSpec> changes, ConfigChanger changer) throws InterruptedException {
        GatedStorefront storefront = new GatedStorefront(unguarded);
        if (mode != Mode.ACCELERATED) {
            return new Scheduled(engine, mode == Mode.OFFLINE ? null : speed, concurrency, plans, storefront, ledger,
                    changes, changer).run(progressOut);
        }
        long visitors = plans.stream().filter(p -> !p.qa()).count();
        Deque<ChangeSpec> pending = new ArrayDeque<>(changes);
        long visitorsStarted = 0;
        Pacer pacer = Pacer.NONE;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sim-session");
            t.setDaemon(true);
            return t;
        });
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong orders = new AtomicLong();
        AtomicLong revenue = new AtomicLong();
        long late = 0;
        boolean stopped = false;
        long start = System.nanoTime();
        Progress progress = progressOut == null ? null
                : new Progress(progressOut, plans.size(), () -> completed.get() + failed.get());
        try {
            for (SessionPlan plan : plans) {
                if (ledger.full()) {
                    stopped = true;
                    break;
                }
                while (!plan.qa() && !pending.isEmpty() && visitorsStarted >= pending.peek().atSession((int) visitors)) {
                    change(storefront, changer, ledger, pending.poll(), plan.arrivalMillis());
                }
                if (!plan.qa()) {
                    visitorsStarted++;
                }
                slots.acquire();
                pool.execute(() -> {
                    try {
                        SessionOutcome outcome = engine.run(plan, storefront, pacer);
                        orders.addAndGet(outcome.orders());
                        revenue.addAndGet(outcome.revenueMinor());
                        completed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failed.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        System.err.println("session " + plan.sessionId() + " failed in the simulator: " + e);
                    } finally {
                        slots.release();
                    }
                });
            }
            while (!pending.isEmpty() && !stopped) { // at ⌈at × sessions⌉ = sessions: after the last one started
                change(storefront, changer, ledger, pending.poll(), plans.isEmpty() ? 0
                        : plans.get(plans.size() - 1).arrivalMillis());
            }
            slots.acquire(concurrency); // every session finished
        } finally {
            pool.shutdownNow();
            if (progress != null) {
                progress.close();
            }
        }
        return new RunSummary(plans.size(), completed.get(), failed.get(), late, stopped,
                (System.nanoTime() - start) / 1_000_000, orders.get(), revenue.get());
    }

    static void change(GatedStorefront storefront, ConfigChanger changer, Ledger ledger, ChangeSpec change,
            long simMillis) throws InterruptedException {
        storefront.exclusively(() -> {
            LedgerEntry.Change made = changer.apply(change);
            ledger.append(LedgerEntry.of(made, System.currentTimeMillis(), simMillis));
            return made;
        });
    }
}
