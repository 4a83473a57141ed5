package dev.ep.stats;

/**
 * Sample size of a two-sided two-sample test of means under the normal approximation, equal allocation: the units
 * per arm n such that {@code Φ(d·sqrt(n/2) − z_{1−α/2}) + Φ(−d·sqrt(n/2) − z_{1−α/2}) = power}, where the
 * standardised effect is {@code d = MDE_relative · baseline mean / baseline sd} (Cohen 1988, "Statistical Power
 * Analysis for the Behavioral Sciences", ch. 2; both rejection tails counted). The same figure as
 * {@code statsmodels.stats.power.NormalIndPower().solve_power(effect_size=d, alpha=α, power=power, ratio=1)}.
 */
public final class Power {

    private Power() {
    }

    /**
     * @param unitsPerArm the exact (fractional) solution, as statsmodels returns it
     * @param effectSize  Cohen's d
     */
    public record SampleSize(double unitsPerArm, long unitsPerArmRoundedUp, double effectSize) {
    }

    /**
     * @throws IllegalArgumentException for a zero effect, a non-positive variance, or α/power outside (0, 1)
     */
    public static SampleSize unitsPerArm(double relativeMde, double baselineMean, double baselineVariance,
                                         double alpha, double power) {
        if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
            throw new IllegalArgumentException("alpha and power must be in (0, 1)");
        }
        if (!(baselineVariance > 0) || !Double.isFinite(baselineVariance)) {
            throw new IllegalArgumentException("the baseline variance must be positive");
        }
        double d = Math.abs(relativeMde * baselineMean) / Math.sqrt(baselineVariance);
        if (!(d > 0) || !Double.isFinite(d)) {
            throw new IllegalArgumentException("the effect (MDE × baseline mean) must be non-zero");
        }
        if (power <= alpha) {
            throw new IllegalArgumentException("power must exceed alpha");
        }
        double critical = Distributions.normalQuantile(1 - alpha / 2);
        // Solve for the noncentrality s = d·sqrt(n/2) ≥ 0: the power is increasing in s, from alpha at s = 0.
        double low = 0;
        double high = 1;
        while (powerAt(high, critical) < power) {
            high *= 2;
        }
        for (int i = 0; i < 200 && high - low > 1e-15 * high; i++) {
            double mid = (low + high) / 2;
            if (powerAt(mid, critical) < power) {
                low = mid;
            } else {
                high = mid;
            }
        }
        double s = (low + high) / 2;
        double n = 2 * s * s / (d * d);
        return new SampleSize(n, (long) Math.ceil(n), d);
    }

    private static double powerAt(double noncentrality, double critical) {
        return Distributions.normalCdf(noncentrality - critical) + Distributions.normalCdf(-noncentrality - critical);
    }

    /** Days until every arm reaches {@code unitsPerArm}, when {@code dailyUnits} are exposed per day, split evenly. */
    public static long days(long unitsPerArm, int arms, double dailyUnits) {
        if (arms < 2 || !(dailyUnits > 0) || !Double.isFinite(dailyUnits)) {
            throw new IllegalArgumentException("need at least 2 arms and a positive daily exposure rate");
        }
        return (long) Math.ceil(unitsPerArm * (double) arms / dailyUnits);
    }
}
