package dev.ep.simulator.statistical;

import java.util.random.RandomGenerator;

/**
 * What one simulated unit does, in the metrics the platform measures: it converts (places at least one order) with
 * probability {@code conversionRate}; a converting unit's revenue, in minor units, is log-normal with parameters
 * {@code logMean} and {@code logSd} (rounded, at least 1), so revenue per unit is zero-inflated and skewed like a
 * shop's. Plain values, no randomness of its own: the caller passes the generator.
 *
 * @param conversionRate P(unit converts), in (0, 1)
 * @param logMean        μ of ln(revenue in minor units) for a converting unit
 * @param logSd          σ of ln(revenue)
 */
record ShopUnitModel(double conversionRate, double logMean, double logSd) {

    /** 10% conversion; order value median 40.00 (4000 minor units), σ = 0.8 (mean ≈ 55.08). */
    static final ShopUnitModel DEFAULT = new ShopUnitModel(0.10, Math.log(4000), 0.8);

    /** The largest revenue of one unit (a cap far in the tail), so that one square is far inside a long. */
    static final long MAX_REVENUE_MINOR = 100_000_000L;

    ShopUnitModel {
        if (!(conversionRate > 0 && conversionRate < 1)) {
            throw new IllegalArgumentException("conversionRate must be in (0, 1): " + conversionRate);
        }
        if (!(logSd >= 0) || !Double.isFinite(logMean) || !Double.isFinite(logSd)) {
            throw new IllegalArgumentException("logMean must be finite and logSd non-negative");
        }
    }

    /** This model with the conversion rate multiplied by {@code 1 + relativeLift}. */
    ShopUnitModel withConversionLift(double relativeLift) {
        return new ShopUnitModel(conversionRate * (1 + relativeLift), logMean, logSd);
    }

    boolean converts(RandomGenerator random) {
        return random.nextDouble() < conversionRate;
    }

    long revenueMinor(RandomGenerator random) {
        double value = Math.exp(logMean + logSd * random.nextGaussian());
        return Math.max(1, Math.min(MAX_REVENUE_MINOR, Math.round(value)));
    }
}
