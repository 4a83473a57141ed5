package dev.ep.stats.power;

/**
 * A sample-size question: how many units per arm detect a relative change of {@code relativeMde} in a metric whose
 * per-unit mean and variance are the baseline's, and how many days that takes at a daily exposure rate.
 *
 * @param relativeMde       the minimum detectable effect relative to the baseline mean (0.05 = 5%)
 * @param baselineMean      the control's per-unit mean (a proportion's rate, a mean's mean)
 * @param baselineVariance  the control's per-unit variance (p(1 − p) for a proportion)
 * @param alpha             two-sided significance level; default 0.05
 * @param power             1 − β; default 0.8
 * @param arms              arms sharing the traffic evenly, the control included; default 2
 * @param dailyExposedUnits units exposed per day over all arms; optional
 */
public record PowerRequest(Double relativeMde, Double baselineMean, Double baselineVariance, Double alpha,
                           Double power, Integer arms, Double dailyExposedUnits) {

    public PowerRequest {
        alpha = alpha == null ? 0.05 : alpha;
        power = power == null ? 0.8 : power;
        arms = arms == null ? 2 : arms;
    }
}
