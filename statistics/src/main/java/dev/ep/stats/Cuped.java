package dev.ep.stats;

/**
 * CUPED, variance reduction with a pre-experiment covariate (Deng, Xu, Kohavi, Walker 2013, "Improving the
 * Sensitivity of Online Controlled Experiments by Utilizing Pre-Experiment Data", WSDM '13, section 3.1):
 * {@code Y_cv = Y − θ(X − E[X])} with {@code θ = Cov(Y, X)/Var(X)}, where θ is estimated once on the units of all
 * arms pooled (section 3.3: the same θ for every arm keeps the adjusted difference unbiased). Per arm the adjusted
 * mean is {@code ȳ − θ(x̄ − x̄_pooled)} and the adjusted variance {@code s_y² − 2θ·s_xy + θ²·s_x²}; these go through
 * the same Welch test as unadjusted means.
 */
public final class Cuped {

    private Cuped() {
    }

    /** An arm's adjusted mean and unit-level variance. */
    public record Adjusted(long n, double mean, double variance) {
    }

    /**
     * θ from the pooled moments.
     *
     * @throws IllegalArgumentException when the pooled covariate has no variance (nothing to adjust with)
     */
    public static double theta(SampleMoments pooled) {
        if (!(pooled.varX() > 0)) {
            throw new IllegalArgumentException("the covariate has no variance");
        }
        return pooled.covXY() / pooled.varX();
    }

    public static Adjusted adjust(SampleMoments arm, double theta, double pooledMeanX) {
        double variance = arm.varY() - 2 * theta * arm.covXY() + theta * theta * arm.varX();
        return new Adjusted(arm.n(), arm.meanY() - theta * (arm.meanX() - pooledMeanX), Math.max(0, variance));
    }
}
