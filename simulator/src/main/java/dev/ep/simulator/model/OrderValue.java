package dev.ep.simulator.model;

import java.util.SplittableRandom;

/** Order values in minor units of the platform currency: log-normal with the given median, at least 1. */
public record OrderValue(long medianMinor, double sigma) {

    public OrderValue {
        if (medianMinor < 1 || !(sigma >= 0) || sigma > 3) {
            throw new ModelException("orderValue: need medianMinor >= 1 and 0 <= sigma <= 3, got " + medianMinor
                    + ", " + sigma);
        }
    }

    public long sample(SplittableRandom random) {
        return Math.max(1, Math.round(medianMinor * Math.exp(sigma * Gaussian.next(random))));
    }
}
