package dev.ep.stats;

/**
 * The normal-mixture mixture sequential probability ratio test (mSPRT) of Johari, Pekelis, Walsh (2017),
 * "Peeking at A/B Tests: Why it matters, and what to do about it", KDD '17 (and Johari, Koomen, Pekelis, Walsh,
 * "Always Valid Inference", Operations Research 2022, section 4): with V the variance of the difference estimate,
 * Δ the observed difference and τ² the mixture variance,
 * <pre>
 *   Λ = sqrt(V/(V+τ²)) · exp(τ²Δ² / (2V(V+τ²)))
 *   always-valid p = min(1, 1/Λ)          (made monotone over time by the caller: a running minimum)
 *   confidence sequence: Δ ± sqrt((V(V+τ²)/τ²) · (2·ln(1/α) + ln((V+τ²)/V)))
 * </pre>
 * and, with the same N(0, τ²) prior on the true difference, the posterior chance that it is positive
 * {@code Φ(Δ·τ / sqrt(V(V+τ²)))} (the normal–normal conjugate posterior: mean Δτ²/(V+τ²), variance Vτ²/(V+τ²)).
 * Λ is evaluated in logarithms, so a large statistic gives p = 0 rather than overflow; with s = τ²/V the three
 * figures are {@code ln Λ = −½·ln(1+s) + Δ²/(2V(1+1/s))}, half-width {@code sqrt(V(1+1/s)·(2 ln(1/α) + ln(1+s)))}
 * and {@code Φ(Δ/sqrt(V(1+1/s)))}, algebraically the same as above.
 */
public final class Msprt {

    private Msprt() {
    }

    /** The always-valid figures of one comparison. */
    public record Result(double alwaysValidP, Interval confidenceSequence, double chanceToBeat) {
    }

    /** @throws IllegalArgumentException unless V > 0 and τ² > 0 are finite and α is in (0, 1) */
    public static Result evaluate(double difference, double variance, double tau2, double alpha) {
        if (!(variance > 0) || !(tau2 > 0) || !Double.isFinite(variance) || !Double.isFinite(tau2)) {
            throw new IllegalArgumentException("V and tau2 must be positive and finite");
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1)");
        }
        // Written with s = τ²/V and r = V/τ² so that no product V·(V+τ²) can overflow:
        // V/(V+τ²) = 1/(1+s), (V+τ²)/V = 1+s, V(V+τ²)/τ² = V(1+r).
        double s = tau2 / variance;
        double scaled = variance * (1 + variance / tau2);
        double logLambda = -0.5 * Math.log1p(s) + difference * difference / (2 * scaled);
        double p = Math.min(1.0, Math.exp(-logLambda));
        double halfWidth = Math.sqrt(scaled * (2 * Math.log(1 / alpha) + Math.log1p(s)));
        double chance = Distributions.normalCdf(difference / Math.sqrt(scaled));
        if (!Double.isFinite(halfWidth) || !Double.isFinite(logLambda)) {
            throw new IllegalArgumentException("beyond the range of double precision");
        }
        return new Result(p, Interval.around(difference, halfWidth), chance);
    }
}
