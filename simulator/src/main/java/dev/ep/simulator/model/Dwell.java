package dev.ep.simulator.model;

import java.util.SplittableRandom;

/**
 * How long a simulated visitor stays on a page: a log-normal distribution given by its median and the standard
 * deviation {@code sigma} of the underlying normal (dwell times are right-skewed: most page views are short, a few
 * are long). Capped at {@code maxSeconds} so a single draw cannot stall a real-time run.
 */
public record Dwell(double medianSeconds, double sigma, double maxSeconds) {

    public Dwell {
        if (!(medianSeconds > 0) || !(sigma >= 0) || !(maxSeconds >= medianSeconds)) {
            throw new ModelException("dwell: need medianSeconds > 0, sigma >= 0 and maxSeconds >= medianSeconds, got "
                    + medianSeconds + ", " + sigma + ", " + maxSeconds);
        }
    }

    /** One draw, in milliseconds. */
    public long sampleMillis(SplittableRandom random) {
        double seconds = medianSeconds * Math.exp(sigma * Gaussian.next(random));
        return Math.round(Math.min(seconds, maxSeconds) * 1000);
    }
}
