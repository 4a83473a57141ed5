package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.Attribution;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Inputs by what became of them (applied, duplicate, late), across the instance's threads. */
public final class StreamCounters {

    private final Map<Attribution.Outcome, AtomicLong> byOutcome = new EnumMap<>(Attribution.Outcome.class);

    public StreamCounters() {
        for (Attribution.Outcome outcome : Attribution.Outcome.values()) {
            byOutcome.put(outcome, new AtomicLong());
        }
    }

    void count(Attribution.Outcome outcome) {
        byOutcome.get(outcome).incrementAndGet();
    }

    public long get(Attribution.Outcome outcome) {
        return byOutcome.get(outcome).get();
    }
}
