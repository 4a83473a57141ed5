package dev.ep.ingest.load;

import java.time.Duration;

/** Exponential back-off: {@code initial}, doubled after each failure, capped at {@code max}. Not thread-safe. */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration current;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " / " + max);
        }
        this.initial = initial;
        this.max = max;
        this.current = initial;
    }

    /** The pause to take now; the next one is twice as long (up to max). */
    Duration next() {
        Duration pause = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return pause;
    }

    void reset() {
        current = initial;
    }
}
