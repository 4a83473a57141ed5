package dev.ep.simulator.statistical;

import org.apache.commons.statistics.distribution.BinomialDistribution;

/**
 * The central {@code confidence} band of a Binomial(trials, rate) count: the counts a correct implementation
 * produces with probability at least {@code confidence}. {@code lower} is the smallest k with P(X ≤ k) ≥ (1 − c)/2 and
 * {@code upper} the smallest k with P(X > k) ≤ (1 − c)/2 (scipy's {@code binom.ppf} and {@code binom.isf}), so
 * P(X &lt; lower) &lt; (1 − c)/2 and P(X &gt; upper) ≤ (1 − c)/2. At 10,000 trials, rate 0.05 and 99.9% it is
 * [430, 573]: 4.30% to 5.73%, the α ± 0.72 points; it is computed, never hard-coded, so smaller runs get
 * their own, wider band.
 *
 * @param trials     independent runs
 * @param rate       the rate a correct implementation has
 * @param confidence the band's coverage, e.g. 0.999
 * @param lower      the smallest count inside the band
 * @param upper      the largest count inside the band
 */
record BinomialBand(int trials, double rate, double confidence, int lower, int upper) {

    /** The 99.9% band of the issue. */
    static final double CONFIDENCE = 0.999;

    static BinomialBand of(int trials, double rate, double confidence) {
        if (trials < 1) {
            throw new IllegalArgumentException("at least one trial");
        }
        if (!(rate >= 0 && rate <= 1) || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("rate in [0, 1] and confidence in (0, 1)");
        }
        BinomialDistribution binomial = BinomialDistribution.of(trials, rate);
        double tail = (1 - confidence) / 2;
        return new BinomialBand(trials, rate, confidence, binomial.inverseCumulativeProbability(tail),
                binomial.inverseSurvivalProbability(tail));
    }

    double lowerRate() {
        return (double) lower / trials;
    }

    double upperRate() {
        return (double) upper / trials;
    }
}
