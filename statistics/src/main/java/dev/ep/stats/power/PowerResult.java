package dev.ep.stats.power;

/**
 * @param effectSize        Cohen's d = relativeMde × baselineMean / sqrt(baselineVariance)
 * @param unitsPerArmExact  the exact solution (statsmodels' NormalIndPower.solve_power)
 * @param unitsPerArm       rounded up
 * @param totalUnits        unitsPerArm × arms
 * @param days              days to reach totalUnits at dailyExposedUnits, or null without a rate
 */
public record PowerResult(double effectSize, double unitsPerArmExact, long unitsPerArm, long totalUnits, Long days,
                          double alpha, double power, int arms) {
}
