package dev.ep.simulator.engine;

/** Spends a page's dwell time: nothing in accelerated mode, the wall clock (scaled) in real-time mode. */
@FunctionalInterface
public interface Pacer {

    Pacer NONE = millis -> { };

    void dwell(long millis) throws InterruptedException;

    /** Sleeps {@code millis / speed}: speed 1 is real time, 60 turns a minute into a second. */
    static Pacer wallClock(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0");
        }
        return millis -> {
            long scaled = (long) (millis / speed);
            if (scaled > 0) {
                Thread.sleep(scaled);
            }
        };
    }
}
