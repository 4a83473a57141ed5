package dev.ep.simulator.model;

import java.util.List;

/**
 * Session arrivals: a non-homogeneous Poisson process whose rate at hour h of the day is
 * {@code sessionsPerDay × hourlyCurve[h] / Σ hourlyCurve} per hour (the curve is relative, 24 values).
 * {@code startHour} is the hour of the simulated day at which a run begins.
 */
public record Arrivals(double sessionsPerDay, List<Double> hourlyCurve, int startHour) {

    public Arrivals {
        if (!(sessionsPerDay > 0) || sessionsPerDay > 1e9) {
            throw new ModelException("arrivals.sessionsPerDay: must be in (0, 1e9], got " + sessionsPerDay);
        }
        if (hourlyCurve == null || hourlyCurve.size() != 24) {
            throw new ModelException("arrivals.hourlyCurve: 24 relative weights (one per hour) are required");
        }
        double max = 0;
        for (Double w : hourlyCurve) {
            if (w == null || !(w >= 0)) {
                throw new ModelException("arrivals.hourlyCurve: weights must be >= 0, got " + w);
            }
            max = Math.max(max, w);
        }
        if (!(max > 0)) {
            throw new ModelException("arrivals.hourlyCurve: at least one weight must be positive");
        }
        if (startHour < 0 || startHour > 23) {
            throw new ModelException("arrivals.startHour: 0..23, got " + startHour);
        }
        hourlyCurve = List.copyOf(hourlyCurve);
    }

    /** Sessions per hour at hour {@code h} (0..23). */
    public double ratePerHour(int h) {
        double sum = hourlyCurve.stream().mapToDouble(Double::doubleValue).sum();
        return sessionsPerDay * hourlyCurve.get(h) / sum;
    }

    public double maxRatePerHour() {
        double max = 0;
        for (int h = 0; h < 24; h++) {
            max = Math.max(max, ratePerHour(h));
        }
        return max;
    }
}
