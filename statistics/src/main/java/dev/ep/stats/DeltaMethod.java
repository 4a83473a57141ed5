package dev.ep.stats;

/**
 * Delta-method variances (Deng, Knoblich, Lu 2018, "Applying the Delta Method in Metric Analytics: A Practical
 * Guide with Novel Ideas", KDD '18): a first-order Taylor expansion of a smooth function of sample means.
 */
public final class DeltaMethod {

    private DeltaMethod() {
    }

    /** A relative lift and its normal interval. */
    public record Lift(double lift, double standardError, Interval interval) {
    }

    /**
     * Relative lift {@code m_t/m_c − 1} with
     * {@code Var = Var(m_t)/m_c² + m_t²·Var(m_c)/m_c⁴} (Deng et al. 2018, section 3.2, "percent change"; for
     * means {@code Var(m) = s²/n}, the issue's {@code s_t²/(n_t·m_c²) + m_t²·s_c²/(n_c·m_c⁴)}), and the interval
     * {@code lift ± z_{1−α/2}·sqrt(Var)}.
     *
     * @throws IllegalArgumentException when the control estimate is 0 (no relative lift exists)
     */
    public static Lift relativeLift(double meanT, double varianceOfMeanT, double meanC, double varianceOfMeanC,
                                    double alpha) {
        if (meanC == 0) {
            throw new IllegalArgumentException("the control estimate is 0");
        }
        double c2 = meanC * meanC;
        double variance = varianceOfMeanT / c2 + meanT * meanT * varianceOfMeanC / (c2 * c2);
        double lift = meanT / meanC - 1;
        double se = Math.sqrt(variance);
        double q = Distributions.normalQuantile(1 - alpha / 2);
        return new Lift(lift, se, Interval.around(lift, q * se));
    }

    /**
     * The variance of the ratio of sample means {@code ȳ/x̄} from unit-level moments (Deng et al. 2018, section 3,
     * ratio metrics, the delta-method formula):
     * {@code Var(ȳ/x̄) ≈ (1/n)·(σ_y²/μ_x² − 2·μ_y·σ_xy/μ_x³ + μ_y²·σ_x²/μ_x⁴)}.
     *
     * @throws IllegalArgumentException when the mean denominator is 0
     */
    public static double ratioVariance(SampleMoments m) {
        double mx = m.meanX();
        if (mx == 0) {
            throw new IllegalArgumentException("the denominator's mean is 0");
        }
        double my = m.meanY();
        double mx2 = mx * mx;
        double variance = (m.varY() / mx2 - 2 * my * m.covXY() / (mx2 * mx) + my * my * m.varX() / (mx2 * mx2)) / m.n();
        // The quadratic form is a variance (non-negative) for any consistent moments; rounding can leave -0-ish.
        return Math.max(0, variance);
    }
}
