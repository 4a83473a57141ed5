package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Attribution;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inputs by what became of them (applied, duplicate, late), and the units' sweep: passes started and units read, by
 * kind of pass; across the instance's threads.
 */
public final class StreamCounters {

    private final Map<Attribution.Outcome, AtomicLong> byOutcome = new EnumMap<>(Attribution.Outcome.class);
    private final Map<SweepPass, AtomicLong> passes = new EnumMap<>(SweepPass.class);
    private final Map<SweepPass, AtomicLong> swept = new EnumMap<>(SweepPass.class);

    public StreamCounters() {
        for (Attribution.Outcome outcome : Attribution.Outcome.values()) {
            byOutcome.put(outcome, new AtomicLong());
        }
        for (SweepPass pass : SweepPass.values()) {
            passes.put(pass, new AtomicLong());
            swept.put(pass, new AtomicLong());
        }
    }

    void count(Attribution.Outcome outcome) {
        byOutcome.get(outcome).incrementAndGet();
    }

    public long get(Attribution.Outcome outcome) {
        return byOutcome.get(outcome).get();
    }

    void passStarted(SweepPass pass) {
        passes.get(pass).incrementAndGet();
    }

    void unitSwept(SweepPass pass) {
        swept.get(pass).incrementAndGet();
    }

    /** Sweep passes of this kind started. */
    public long passes(SweepPass pass) {
        return passes.get(pass).get();
    }

    /** Units (or index entries) read by sweep passes of this kind. */
    public long swept(SweepPass pass) {
        return swept.get(pass).get();
    }
}
