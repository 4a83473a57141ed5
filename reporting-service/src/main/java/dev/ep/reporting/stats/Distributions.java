package dev.ep.reporting.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Gamma;

/**
 * The few distribution functions the tests need, from Apache Commons Math 3. Tail probabilities are computed on the
 * tail itself (cdf(−|x|), the upper regularized gamma), never as 1 − cdf, so small p-values keep their precision.
 */
final class Distributions {

    /** Absolute accuracy of the t quantile's root search (the library default, 1e-9, is too loose for 1e-10 checks). */
    private static final double QUANTILE_ACCURACY = 1e-14;
    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1, QUANTILE_ACCURACY);

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
        return Math.min(1.0, 2 * new TDistribution(null, df, QUANTILE_ACCURACY).cumulativeProbability(-Math.abs(t)));
    }

    /** F_df⁻¹(p). */
    static double tQuantile(double p, double df) {
        return new TDistribution(null, df, QUANTILE_ACCURACY).inverseCumulativeProbability(p);
    }

    /** P(χ²_df ≥ x) = Q(df/2, x/2), the upper regularized gamma function. */
    static double chiSquareSurvival(double x, int df) {
        return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
    }

    static double logGamma(double x) {
        return Gamma.logGamma(x);
    }
}
