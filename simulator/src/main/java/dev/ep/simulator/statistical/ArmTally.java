package dev.ep.simulator.statistical;

import dev.ep.stats.analysis.ArmMoments;
import java.math.BigDecimal;

/**
 * The exact sufficient statistics of one arm, as the platform's stream keeps them: units, converted units (Σy = Σy²
 * of the 0/1 conversion), Σ revenue and Σ revenue² in minor units. Overflow throws rather than wraps.
 */
final class ArmTally {

    private final String treatment;
    private long units;
    private long conversions;
    private long revenue;
    private long revenueSquares;

    ArmTally(String treatment) {
        this.treatment = treatment;
    }

    void add(boolean converted, long revenueMinor) {
        units++;
        if (converted) {
            conversions++;
            revenue = Math.addExact(revenue, revenueMinor);
            revenueSquares = Math.addExact(revenueSquares, Math.multiplyExact(revenueMinor, revenueMinor));
        }
    }

    String treatment() {
        return treatment;
    }

    long units() {
        return units;
    }

    ArmMoments conversion() {
        return ArmMoments.of(treatment, units, BigDecimal.valueOf(conversions), BigDecimal.valueOf(conversions));
    }

    ArmMoments revenue() {
        return ArmMoments.of(treatment, units, BigDecimal.valueOf(revenue), BigDecimal.valueOf(revenueSquares));
    }
}
