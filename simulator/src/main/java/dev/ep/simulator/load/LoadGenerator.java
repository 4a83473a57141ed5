package dev.ep.simulator.load;

import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.engine.SessionEngine;
import dev.ep.simulator.engine.SessionPlans;
import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.model.ShopModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * An open-loop load of realistic storefront traffic: page {@code i} is due at {@code start + i / rate}, whatever
 * the answers do, for {@code seconds}. Each page is the next page of a simulated session of the model (assign, then
 * coverage when the page renders an assigned experiment, then its events: page views, add-to-cart, orders), run by one
 * of {@code connections} workers, each with at most one call in flight, so at most that many connections are busy.
 * Sessions interleave: a page takes a session waiting for its next page, or starts a new one. A page that finds
 * every worker busy waits in the queue, and that wait is part of its assign latency (coordinated omission corrected,
 * {@link LatencyLedger}). When the time is up, pages not started within {@link #DRAIN} are dropped and counted.
 * Plain Java: the {@link Storefront} is given (HTTP against the platform, or the offline stand-in in tests).
 */
public final class LoadGenerator {

    /** How long pages already due may still run after the load's end. */
    static final long DRAIN = TimeUnit.SECONDS.toNanos(10);

    /** What the load did. */
    public record Result(double targetPagesPerSecond, double seconds, double elapsedSeconds, long pagesDue,
            long pagesDone, long dropped,
            long sessionsStarted, long requests, long serverErrors, long clientErrors, long unanswered,
            long maxDispatchLagMicros, Histogram all, Map<String, Histogram> perCall, int connections) {

        /** Pages done per second, over the load's time or longer if the last pages finished after it. */
        public double achievedPagesPerSecond() {
            return pagesDone / Math.max(seconds, elapsedSeconds);
        }

        public double achievedRequestsPerSecond() {
            return requests / Math.max(seconds, elapsedSeconds);
        }

        public long errors() {
            return serverErrors + clientErrors + unanswered + dropped;
        }

        public static double ms(long micros) {
            return micros / 1000.0;
        }

        /** Percentile in ms over all calls. */
        public double percentileMs(double percentile) {
            return ms(all.getValueAtPercentile(percentile));
        }
    }

    /** The load's bounds: a rate up to a million pages/s, at most a day, 1 to 1,024 connections. */
    static void checkBounds(double pagesPerSecond, double seconds, int connections) {
        if (!(pagesPerSecond > 0) || pagesPerSecond > 1_000_000) {
            throw new IllegalArgumentException("--rate: pages per second in (0, 1000000], got " + pagesPerSecond);
        }
        if (!(seconds > 0) || seconds > 86_400) {
            throw new IllegalArgumentException("--seconds: in (0, 86400], got " + seconds);
        }
        if (connections < 1 || connections > 1024) {
            throw new IllegalArgumentException("--connections: 1..1024, got " + connections);
        }
    }

    private final ShopModel model;
    private final RunIds ids;
    private final long seed;

    public LoadGenerator(ShopModel model, RunIds ids, long seed) {
        this.model = model;
        this.ids = ids;
        this.seed = seed;
    }

    /**
     * @param storefrontOf the storefront that records into the given ledger (the generator's latency ledger)
     */
    public Result run(double pagesPerSecond, double seconds, int connections,
            Function<LatencyLedger, Storefront> storefrontOf) throws InterruptedException {
        checkBounds(pagesPerSecond, seconds, connections);
        LatencyLedger ledger = new LatencyLedger();
        Storefront storefront = storefrontOf.apply(ledger);
        SessionEngine engine = new SessionEngine(model, ids, seed);
        ConcurrentLinkedQueue<SessionEngine.Cursor> waiting = new ConcurrentLinkedQueue<>();
        AtomicLong sessions = new AtomicLong();
        AtomicLong done = new AtomicLong();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(connections, connections, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sim-load");
                    t.setDaemon(true);
                    return t;
                });
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        double gapNanos = 1e9 / pagesPerSecond;
        long due = 0;
        long maxLag = 0;
        for (long i = 0; ; i++) {
            long intended = start + (long) (i * gapNanos);
            if (intended >= end) {
                break;
            }
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            maxLag = Math.max(maxLag, now - intended);
            due++;
            pool.execute(() -> {
                LatencyLedger.PAGE_DELAY_MICROS.set((System.nanoTime() - intended) / 1000);
                SessionEngine.Cursor session = waiting.poll();
                if (session == null) {
                    session = engine.start(SessionPlans.visitor(model, ids, seed, sessions.getAndIncrement(),
                            (intended - start) / 1_000_000));
                }
                try {
                    session.step(storefront);
                } catch (RuntimeException e) {
                    System.err.println("load: session " + session.plan().sessionId() + " failed in the simulator: "
                            + e);
                    return;
                } finally {
                    LatencyLedger.PAGE_DELAY_MICROS.set(0L);
                }
                done.incrementAndGet();
                if (!session.done()) {
                    waiting.add(session);
                }
            });
        }
        pool.shutdown();
        long dropped = 0;
        if (!pool.awaitTermination(DRAIN, TimeUnit.NANOSECONDS)) {
            List<Runnable> never = pool.shutdownNow();
            dropped = never.size();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Histogram> perCall = new TreeMap<>(ledger.perCall());
        return new Result(pagesPerSecond, seconds, elapsed, due, done.get(), dropped, sessions.get(),
                ledger.all().getTotalCount(), ledger.serverErrors.sum(), ledger.clientErrors.sum(),
                ledger.unanswered.sum(), maxLag / 1000, ledger.all(), perCall, connections);
    }
}
