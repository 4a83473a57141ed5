package dev.ep.simulator.run;

import java.util.Locale;

/**
 * How sessions are paced. ACCELERATED: as fast as the platform takes them, at most {@code concurrency} sessions in
 * flight, no dwell. REALTIME: each session starts at its Poisson arrival time and dwells on each page, both on the
 * wall clock divided by {@code speed}. OFFLINE: accelerated against the local stand-in, no platform at all.
 */
public enum Mode {
    ACCELERATED, REALTIME, OFFLINE;

    public static Mode parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mode: accelerated, realtime or offline, got '" + text + "'");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
