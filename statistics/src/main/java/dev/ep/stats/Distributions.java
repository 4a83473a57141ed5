package dev.ep.stats;

import org.apache.commons.numbers.gamma.LogGamma;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The few distribution functions the tests need, from Apache Commons Statistics. Tail probabilities are computed on
 * the tail itself (survival functions, cdf(−|x|)), never as 1 − cdf, so small p-values keep their precision.
 */
final class Distributions {

    private static final NormalDistribution STANDARD_NORMAL = NormalDistribution.of(0, 1);

    private Distributions() {
    }

    static double normalCdf(double x) {
        return STANDARD_NORMAL.cumulativeProbability(x);
    }

    /** Two-sided p-value of a standard normal statistic: 2·Φ(−|z|). */
    static double normalTwoSidedP(double z) {
        return Math.min(1.0, 2 * normalCdf(-Math.abs(z)));
    }

    /** Φ⁻¹(p). */
    static double normalQuantile(double p) {
        return STANDARD_NORMAL.inverseCumulativeProbability(p);
    }

    /** Two-sided p-value of a Student t statistic: 2·F_df(−|t|). */
    static double tTwoSidedP(double t, double df) {
        return Math.min(1.0, 2 * TDistribution.of(df).cumulativeProbability(-Math.abs(t)));
    }

    /** F_df⁻¹(p). */
    static double tQuantile(double p, double df) {
        return TDistribution.of(df).inverseCumulativeProbability(p);
    }

    /** P(χ²_df ≥ x). */
    static double chiSquareSurvival(double x, int df) {
        return ChiSquaredDistribution.of(df).survivalProbability(x);
    }

    static double logGamma(double x) {
        return LogGamma.value(x);
    }
}
