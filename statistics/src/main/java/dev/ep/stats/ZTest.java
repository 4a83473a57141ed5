package dev.ep.stats;

/**
 * A two-sided z-test of an estimated difference with a known (delta-method) variance, and its normal interval. Used
 * for ratio metrics, where the variance comes from the delta method (Deng, Knoblich, Lu 2018, "Applying the Delta
 * Method in Metric Analytics: A Practical Guide with Novel Ideas", KDD '18, section 3) and no t reference exists.
 */
public final class ZTest {

    private ZTest() {
    }

    /** @param pValue two-sided, 2·Φ(−|z|); interval {@code Δ ± z_{1−α/2}·sqrt(V)} */
    public record Result(double difference, double standardError, double statistic, double pValue,
                         Interval interval) {
    }

    /** @throws IllegalArgumentException when the variance is not positive */
    public static Result test(double difference, double variance, double alpha) {
        if (!(variance > 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException("variance must be positive and finite");
        }
        double se = Math.sqrt(variance);
        double z = difference / se;
        double q = Distributions.normalQuantile(1 - alpha / 2);
        return new Result(difference, se, z, Distributions.normalTwoSidedP(z), Interval.around(difference, q * se));
    }
}
