package dev.ep.simulator.engine;

import dev.ep.simulator.model.Arrivals;
import java.util.SplittableRandom;

/**
 * Arrival times of a non-homogeneous Poisson process with the model's daily curve, by thinning (Lewis and Shedler
 * 1979, "Simulation of nonhomogeneous Poisson processes by thinning"): candidates from a homogeneous process at the
 * maximum rate, each kept with probability rate(t)/max. Times are milliseconds since the run's start.
 */
public final class ArrivalSchedule {

    private static final double HOUR_MS = 3_600_000.0;

    private final Arrivals arrivals;
    private final SplittableRandom random;
    private final double maxPerMs;
    private double t;

    public ArrivalSchedule(Arrivals arrivals, long seed) {
        this.arrivals = arrivals;
        this.random = Seeds.arrivals(seed);
        this.maxPerMs = arrivals.maxRatePerHour() / HOUR_MS;
    }

    /** The next arrival, in milliseconds since the start. */
    public long next() {
        while (true) {
            t += -Math.log(1.0 - random.nextDouble()) / maxPerMs;
            int hour = (int) ((arrivals.startHour() + (long) (t / HOUR_MS)) % 24);
            if (random.nextDouble() * arrivals.maxRatePerHour() < arrivals.ratePerHour(hour)) {
                return (long) t;
            }
        }
    }
}
