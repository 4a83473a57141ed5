package dev.ep.stats;

/**
 * Pearson's χ² goodness-of-fit test of observed counts against expected shares (Pearson 1900): with N the total and
 * {@code E_i = N·share_i}, {@code χ² = Σ (O_i − E_i)²/E_i} on k − 1 degrees of freedom. The same figures as
 * {@code scipy.stats.chisquare(f_obs, f_exp)}. This is a fixed-horizon test: valid for one look only.
 */
public final class PearsonChiSquare {

    private PearsonChiSquare() {
    }

    public record Result(double statistic, int degreesOfFreedom, double pValue) {
    }

    /**
     * @param observed counts per category (≥ 2 categories, total > 0)
     * @param shares   expected shares per category, each > 0, summing to 1
     */
    public static Result test(long[] observed, double[] shares) {
        if (observed.length != shares.length || observed.length < 2) {
            throw new IllegalArgumentException("need at least 2 categories with one share each");
        }
        double total = 0;
        for (long count : observed) {
            total += count;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("no observations");
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            if (!(shares[i] > 0)) {
                throw new IllegalArgumentException("every expected share must be positive");
            }
            double expected = total * shares[i];
            double deviation = observed[i] - expected;
            statistic += deviation * deviation / expected;
        }
        int df = observed.length - 1;
        return new Result(statistic, df, Distributions.chiSquareSurvival(statistic, df));
    }
}
