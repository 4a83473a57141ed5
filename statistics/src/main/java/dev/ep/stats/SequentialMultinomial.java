package dev.ep.stats;

/**
 * The sequential multinomial test of Lindon &amp; Malek (2022), "Anytime-Valid Inference for Multinomial Count
 * Data", NeurIPS 2022, section 2 (the Dirichlet-multinomial Bayes factor, a nonnegative supermartingale under the
 * null): for counts x over k categories, null probabilities θ₀ and a Dirichlet(α) prior,
 * <pre>
 *   BF_n = [Γ(Σα)/Γ(Σα + n)] · Π Γ(α_i + x_i)/Γ(α_i)  /  Π θ₀_i^{x_i}
 *   p_n  = min(p_{n−1}, 1/BF_n)       (the running minimum is kept by the caller)
 * </pre>
 * By Ville's inequality P(∃n: p_n ≤ α) ≤ α under the null, so the check may run after every unit. The prior is
 * centred on the null, {@code α = k·θ₀} with concentration k = 100 (the default of the authors' reference
 * implementation, savvi's {@code Multinomial(alpha, theta_0, k=100)}). Because the Bayes factor of exchangeable
 * counts depends only on the current counts, a snapshot of counts suffices to compute it.
 */
public final class SequentialMultinomial {

    /** The prior concentration: α = CONCENTRATION · θ₀. */
    public static final double CONCENTRATION = 100;

    private SequentialMultinomial() {
    }

    /** The p-value 1/BF from the current counts alone (≤ 1); the caller keeps the running minimum. */
    public static double pValue(long[] counts, double[] nullShares) {
        return Math.min(1.0, Math.exp(-logBayesFactor(counts, nullShares)));
    }

    /** ln BF_n. A category with a null share of 0 and a positive count makes the null impossible: +∞. */
    public static double logBayesFactor(long[] counts, double[] nullShares) {
        if (counts.length != nullShares.length || counts.length < 2) {
            throw new IllegalArgumentException("need at least 2 categories with one share each");
        }
        double alphaSum = 0;
        double total = 0;
        double log = 0;
        for (int i = 0; i < counts.length; i++) {
            double share = nullShares[i];
            long count = counts[i];
            if (count < 0 || !(share >= 0)) {
                throw new IllegalArgumentException("counts and shares must be non-negative");
            }
            if (share == 0) {
                if (count > 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double alpha = CONCENTRATION * share;
            alphaSum += alpha;
            total += count;
            log += Distributions.logGamma(alpha + count) - Distributions.logGamma(alpha) - count * Math.log(share);
        }
        return log + Distributions.logGamma(alphaSum) - Distributions.logGamma(alphaSum + total);
    }
}
