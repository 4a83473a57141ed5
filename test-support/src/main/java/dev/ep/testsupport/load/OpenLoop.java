package dev.ep.testsupport.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The open-loop load generator of the benchmarks: requests are sent at a fixed rate regardless of responses, and each
 * latency is measured from the request's <em>intended</em> send time (no coordinated omission).
 *
 * <p>Request i is due at {@code start + i / rate}; each of {@code connections} threads owns one keep-alive
 * {@link RawHttpConnection}, takes the next due request, waits for its time and sends it. When every connection is
 * busy a request starts late, and its latency still counts from its intended time.
 */
public final class OpenLoop {

    /** Sends request number {@code index} on {@code connection}; returns the HTTP status (an I/O error counts). */
    @FunctionalInterface
    public interface Call {
        int send(RawHttpConnection connection, long index) throws IOException;
    }

    /**
     * What one run did.
     *
     * @param requests      requests sent (answered or failed)
     * @param errors        non-2xx answers and I/O errors
     * @param histogram     latency from the intended send time, microseconds
     * @param maxLagMicros  the most a request started behind its intended time (the generator keeping up, or not)
     * @param seconds       the run's wall-clock duration, from the first intended send to the last answer
     */
    public record Result(long requests, long errors, int connections, Histogram histogram, long maxLagMicros,
                         double seconds) {

        /** Requests per second actually sent over the run. */
        public double achievedRate() {
            return seconds <= 0 ? 0 : requests / seconds;
        }

        /** Milliseconds at a percentile, rounded to 0.01 ms. */
        public double percentileMs(double percentile) {
            return ms(histogram.getValueAtPercentile(percentile));
        }

        public double maxMs() {
            return ms(histogram.getMaxValue());
        }
    }

    private OpenLoop() {
    }

    /**
     * Runs {@code rate × seconds} requests against {@code host:port} over {@code connections} keep-alive connections
     * and returns when the last has been answered.
     */
    public static Result run(String host, int port, int rate, int seconds, int connections, Call call)
            throws InterruptedException {
        if (connections < 1) {
            throw new IllegalArgumentException("rate, seconds and connections must be positive");
        }
        List<RawHttpConnection> pool = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            pool.add(new RawHttpConnection(host, port));
        }
        try {
            return run(pool, rate, seconds, call);
        } finally {
            pool.forEach(RawHttpConnection::close);
        }
    }

    /**
     * The same over connections the caller owns and keeps open (one thread each), so a warm-up and the measured run
     * that follows it share their keep-alive connections: no burst of new connections inside the measurement. The
     * connections are left open.
     */
    public static Result run(List<RawHttpConnection> pool, int rate, int seconds, Call call)
            throws InterruptedException {
        int connections = pool.size();
        if (rate < 1 || seconds < 1 || connections < 1) {
            throw new IllegalArgumentException("rate, seconds and connections must be positive");
        }
        Histogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong nextIndex = new AtomicLong();
        AtomicLong maxLag = new AtomicLong();
        long total = (long) rate * seconds;
        double period = TimeUnit.SECONDS.toNanos(1) / (double) rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            RawHttpConnection connection = pool.get(c);
            Thread thread = new Thread(() -> {
                for (long i = nextIndex.getAndIncrement(); i < total; i = nextIndex.getAndIncrement()) {
                    long intended = start + (long) (i * period);
                    long wait;
                    while ((wait = intended - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    maxLag.accumulateAndGet(-wait, Math::max);
                    int status;
                    try {
                        status = call.send(connection, i);
                    } catch (IOException e) {
                        status = 599;
                    }
                    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - intended);
                    histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                    if (status < 200 || status >= 300) {
                        errors.incrementAndGet();
                    }
                }
            }, "open-loop-" + c);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(histogram.getTotalCount(), errors.get(), connections, histogram,
                TimeUnit.NANOSECONDS.toMicros(maxLag.get()), elapsed);
    }

    /** Microseconds to milliseconds, rounded to 0.01 ms. */
    public static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
