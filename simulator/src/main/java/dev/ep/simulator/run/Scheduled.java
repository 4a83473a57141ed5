package dev.ep.simulator.run;

import dev.ep.simulator.engine.ConfigChanger;
import dev.ep.simulator.engine.SessionEngine;
import dev.ep.simulator.engine.SessionPlan;
import dev.ep.simulator.ledger.Ledger;
import dev.ep.simulator.model.ChangeSpec;
import java.io.PrintStream;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The event loop of real-time and offline runs: every page of every session is an event at its simulated time
 * (arrival, then each dwell), and the model's changes are events at the arrival of their session. One scheduler
 * thread takes events in time order; each page's calls run on a pool of {@code concurrency} workers (real time) or
 * inline (offline). So a real-time run at a shop's real arrival rate needs {@code concurrency} + 1 threads however
 * many visitors are reading a page, and an offline run is one thread whose ledger is the same for the same seed
 * (ties in time are broken by the order events were queued, itself fixed by the seed).
 *
 * <p>Real time: an event runs at {@code start + due / speed} on the wall clock; a page whose calls find every worker
 * busy waits for one and is counted late. Offline: no waiting at all, virtual time.
 */
final class Scheduled {

    private record Event(long dueMillis, long order, SessionEngine.Cursor session, ChangeSpec change) {
    }

    private final SessionEngine engine;
    private final Double speed; // null: offline, virtual time
    private final int concurrency;
    private final List<SessionPlan> plans;
    private final GatedStorefront storefront;
    private final Ledger ledger;
    private final ConfigChanger changer;
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.dueMillis() != b.dueMillis()
            ? Long.compare(a.dueMillis(), b.dueMillis()) : Long.compare(a.order(), b.order()));
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long order;
    private int inFlight;
    private long completed;
    private long failed;
    private long late;
    private long orders;
    private long revenue;

    Scheduled(SessionEngine engine, Double speed, int concurrency, List<SessionPlan> plans,
            GatedStorefront storefront, Ledger ledger, List<ChangeSpec> changes, ConfigChanger changer) {
        this.engine = engine;
        this.speed = speed;
        this.concurrency = concurrency;
        this.plans = plans;
        this.storefront = storefront;
        this.ledger = ledger;
        this.changer = changer;
        List<SessionPlan> visitors = plans.stream().filter(p -> !p.qa()).toList();
        for (ChangeSpec c : changes) {
            int at = c.atSession(visitors.size());
            long due = visitors.isEmpty() ? 0 : visitors.get(Math.min(at, visitors.size() - 1)).arrivalMillis();
            queue.add(new Event(due, order++, null, c)); // queued first: before any page due at the same time
        }
    }

    RunSummary run(PrintStream progressOut) throws InterruptedException {
        ExecutorService pool = speed == null ? null : Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "sim-page");
            t.setDaemon(true);
            return t;
        });
        Semaphore workers = new Semaphore(concurrency);
        long start = System.nanoTime();
        boolean stopped = false;
        int next = 0; // the next plan to arrive (plans are in arrival order: QA sessions at 0, then visitors)
        Progress progress = progressOut == null ? null : new Progress(progressOut, plans.size(), this::finished);
        try {
            lock.lock();
            try {
                while (true) {
                    Event head = queue.peek();
                    boolean arrival = next < plans.size() && !stopped
                            && (head == null || plans.get(next).arrivalMillis() < head.dueMillis());
                    if (!arrival && head == null) {
                        if (inFlight == 0) {
                            break;
                        }
                        changed.await();
                        continue;
                    }
                    long due = arrival ? plans.get(next).arrivalMillis() : head.dueMillis();
                    if (speed != null) {
                        long wait = start + (long) (due * 1_000_000L / speed) - System.nanoTime();
                        if (wait > 0) {
                            changed.awaitNanos(wait); // a page re-queued meanwhile may be due earlier
                            continue;
                        }
                    }
                    SessionEngine.Cursor session;
                    if (arrival) {
                        if (ledger.full()) {
                            stopped = true;
                            continue;
                        }
                        session = engine.start(plans.get(next++));
                    } else {
                        queue.poll();
                        if (head.change() != null) {
                            lock.unlock();
                            try {
                                Simulation.change(storefront, changer, ledger, head.change(), head.dueMillis());
                            } finally {
                                lock.lock();
                            }
                            continue;
                        }
                        session = head.session();
                    }
                    inFlight++;
                    lock.unlock();
                    try {
                        if (pool == null) {
                            page(session, null);
                        } else {
                            if (!workers.tryAcquire()) {
                                late++; // every worker busy: this page starts late
                                workers.acquire();
                            }
                            pool.execute(() -> page(session, workers));
                        }
                    } finally {
                        lock.lock();
                    }
                }
            } finally {
                lock.unlock();
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (progress != null) {
                progress.close();
            }
        }
        return new RunSummary(plans.size(), completed, failed, late, stopped,
                (System.nanoTime() - start) / 1_000_000, orders, revenue);
    }

    /** One page of a session; then the session goes back into the queue at its next page's time, or ends. */
    private void page(SessionEngine.Cursor session, Semaphore workers) {
        boolean ok = true;
        try {
            session.step(storefront);
        } catch (RuntimeException e) {
            ok = false;
            System.err.println("session " + session.plan().sessionId() + " failed in the simulator: " + e);
        } finally {
            if (workers != null) {
                workers.release();
            }
        }
        lock.lock();
        try {
            inFlight--;
            if (!ok) {
                failed++;
            } else if (session.done()) {
                completed++;
                orders += session.outcome().orders();
                revenue += session.outcome().revenueMinor();
            } else {
                queue.add(new Event(session.dueMillis(), order++, session, null));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long finished() {
        lock.lock();
        try {
            return completed + failed;
        } finally {
            lock.unlock();
        }
    }
}
