package dev.ep.stats.power;

import dev.ep.stats.analysis.AnalysisLimits;
import dev.ep.stats.analysis.InvalidAnalysisRequest;
import dev.ep.stats.Power;

/** Checks a {@link PowerRequest} and answers it with {@link Power}. Plain Java. */
public final class PowerCalculator {

    /** Above this many units per arm the answer is "not feasible", not a number. */
    static final double MAX_UNITS_PER_ARM = 1e15;

    public PowerResult calculate(PowerRequest request) {
        double mde = finite("relativeMde", request.relativeMde());
        double mean = finite("baselineMean", request.baselineMean());
        double variance = finite("baselineVariance", request.baselineVariance());
        if (mde == 0 || Math.abs(mde) > 100) {
            throw new InvalidAnalysisRequest("relativeMde", "relativeMde must be non-zero and at most 100 in magnitude");
        }
        if (mean == 0 || Math.abs(mean) > 1e40) {
            throw new InvalidAnalysisRequest("baselineMean", "baselineMean must be non-zero and at most 1e40 in"
                    + " magnitude (a relative effect of a zero mean is zero)");
        }
        if (!(variance > 0) || variance > 1e80) {
            throw new InvalidAnalysisRequest("baselineVariance", "baselineVariance must be positive and at most 1e80");
        }
        double alpha = request.alpha();
        double power = request.power();
        if (!(alpha > 0 && alpha < 1)) {
            throw new InvalidAnalysisRequest("alpha", "alpha must be in (0, 1)");
        }
        if (!(power > alpha && power < 1)) {
            throw new InvalidAnalysisRequest("power", "power must be in (alpha, 1)");
        }
        int arms = request.arms();
        if (arms < 2 || arms > AnalysisLimits.MAX_ARMS) {
            throw new InvalidAnalysisRequest("arms", "arms must be between 2 and " + AnalysisLimits.MAX_ARMS);
        }
        Double daily = request.dailyExposedUnits();
        if (daily != null && !(daily > 0 && daily <= 1e15)) {
            throw new InvalidAnalysisRequest("dailyExposedUnits", "dailyExposedUnits must be positive, at most 1e15");
        }
        Power.SampleSize size = Power.unitsPerArm(mde, mean, variance, alpha, power);
        if (size.unitsPerArm() > MAX_UNITS_PER_ARM) {
            throw new InvalidAnalysisRequest("relativeMde", "the effect is too small to detect: it needs more than 1e15"
                    + " units per arm");
        }
        long total = size.unitsPerArmRoundedUp() * arms;
        Long days = daily == null ? null : Power.days(size.unitsPerArmRoundedUp(), arms, daily);
        return new PowerResult(size.effectSize(), size.unitsPerArm(), size.unitsPerArmRoundedUp(), total, days, alpha,
                power, arms);
    }

    private static double finite(String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            throw new InvalidAnalysisRequest(field, field + " is required and must be a finite number");
        }
        return value;
    }
}
