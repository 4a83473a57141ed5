package dev.ep.simulator.load;

import dev.ep.simulator.ledger.Ledger;
import dev.ep.simulator.ledger.LedgerEntry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The load generator's "ledger": it keeps no entries, only latency histograms per call and error counts, so a long
 * load run needs constant memory (HdrHistogram, 3 significant digits, up to 1 hour each). Coordinated omission:
 * an assign call's latency is counted from its page's <em>intended</em> start, so time spent waiting for a free
 * connection (the platform being slow) is in the figure; a page's coverage and events calls are sent when the
 * previous answer arrived, their intended send time, and count from there.
 */
final class LatencyLedger implements Ledger {

    /** The current page's delay (µs) between its intended and actual start, set by the worker running it. */
    static final ThreadLocal<Long> PAGE_DELAY_MICROS = ThreadLocal.withInitial(() -> 0L);

    private final Histogram all = new ConcurrentHistogram(3_600_000_000L, 3);
    private final Map<String, Histogram> perCall = new ConcurrentHashMap<>();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder clientErrors = new LongAdder();
    final LongAdder unanswered = new LongAdder();

    @Override
    public void append(LedgerEntry e) {
        long micros = Math.max(0, e.latencyMicros());
        if (LedgerEntry.ASSIGN.equals(e.call())) {
            micros += PAGE_DELAY_MICROS.get();
        }
        micros = Math.min(micros, 3_600_000_000L);
        all.recordValue(micros);
        perCall.computeIfAbsent(e.call(), k -> new ConcurrentHistogram(3_600_000_000L, 3)).recordValue(micros);
        if (e.status() == 0) {
            unanswered.increment();
        } else if (e.status() >= 500) {
            serverErrors.increment();
        } else if (e.status() >= 400) {
            clientErrors.increment();
        }
    }

    @Override
    public boolean full() {
        return false;
    }

    @Override
    public void close() {
    }

    Histogram all() {
        return all;
    }

    Map<String, Histogram> perCall() {
        return perCall;
    }
}
