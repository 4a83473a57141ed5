package dev.ep.stats;

/**
 * Welch's unequal-variance t-test on the difference of two means (treatment − control).
 *
 * <p>Sources: Welch (1947), "The generalization of Student's problem when several different population variances
 * are involved", Biometrika 34; the Welch–Satterthwaite degrees of freedom, Satterthwaite (1946), eq. (3):
 * {@code df = (v_t + v_c)² / (v_t²/(n_t − 1) + v_c²/(n_c − 1))} with {@code v = s²/n}. The same figures as
 * {@code scipy.stats.ttest_ind_from_stats(..., equal_var=False)}; the interval is {@code Δ ± t_{1−α/2, df}·se}.
 */
public final class Welch {

    private Welch() {
    }

    /**
     * @param difference      treatment mean − control mean
     * @param standardError   sqrt(s_t²/n_t + s_c²/n_c)
     * @param statistic       difference / standardError
     * @param degreesOfFreedom Welch–Satterthwaite df
     * @param pValue          two-sided
     * @param interval        the 1 − alpha confidence interval of the difference
     */
    public record Result(double difference, double standardError, double statistic, double degreesOfFreedom,
                         double pValue, Interval interval) {
    }

    /**
     * @throws IllegalArgumentException when an arm has fewer than 2 units or both variances are 0 (no standard
     *                                  error): the caller reports "not enough data" or "zero variance" instead
     */
    public static Result test(double meanT, double varT, long nT, double meanC, double varC, long nC, double alpha) {
        if (nT < 2 || nC < 2) {
            throw new IllegalArgumentException("Welch's test needs at least 2 units per arm");
        }
        double vT = varT / nT;
        double vC = varC / nC;
        double v = vT + vC;
        if (!(v > 0)) {
            throw new IllegalArgumentException("zero variance in both arms");
        }
        double se = Math.sqrt(v);
        double difference = meanT - meanC;
        double t = difference / se;
        double df = v * v / (vT * vT / (nT - 1) + vC * vC / (nC - 1));
        double p = Distributions.tTwoSidedP(t, df);
        double q = Distributions.tQuantile(1 - alpha / 2, df);
        return new Result(difference, se, t, df, p, Interval.around(difference, q * se));
    }
}
