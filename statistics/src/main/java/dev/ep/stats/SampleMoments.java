package dev.ep.stats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Unit-level sample moments of (y, x) recovered from exact sums. Variances and the covariance use the unbiased
 * (n − 1) denominator, as {@code scipy.stats.ttest_ind_from_stats} expects of its standard deviations.
 *
 * <p>The centred sums {@code n·Σy² − (Σy)²} are computed exactly in {@link BigDecimal} before the one division, so
 * that huge sums with a small spread do not cancel catastrophically in floating point.
 *
 * @param n     units (≥ 2)
 * @param meanY Σy / n
 * @param varY  (Σy² − (Σy)²/n) / (n − 1)
 * @param meanX Σx / n
 * @param varX  (Σx² − (Σx)²/n) / (n − 1)
 * @param covXY (Σxy − ΣxΣy/n) / (n − 1)
 */
public record SampleMoments(long n, double meanY, double varY, double meanX, double varX, double covXY) {

    private static final MathContext CONTEXT = MathContext.DECIMAL128;

    public SampleMoments {
        if (n < 2) {
            throw new IllegalArgumentException("sample moments need at least 2 units, got " + n);
        }
        if (!(varY >= 0) || !(varX >= 0) || !Double.isFinite(covXY) || !Double.isFinite(meanY)
                || !Double.isFinite(meanX)) {
            throw new IllegalArgumentException("moments must be finite with non-negative variances");
        }
    }

    /** From exact sums; throws when n < 2 or a variance would be negative (sums that no set of units can have). */
    public static SampleMoments of(long n, BigDecimal sumY, BigDecimal sumY2, BigDecimal sumX, BigDecimal sumX2,
                                   BigDecimal sumXY) {
        if (n < 2) {
            throw new IllegalArgumentException("sample moments need at least 2 units, got " + n);
        }
        BigDecimal units = new BigDecimal(BigInteger.valueOf(n));
        BigDecimal pairs = units.multiply(units.subtract(BigDecimal.ONE));
        return new SampleMoments(n,
                sumY.divide(units, CONTEXT).doubleValue(),
                centred(units, sumY2, sumY, sumY).divide(pairs, CONTEXT).doubleValue(),
                sumX.divide(units, CONTEXT).doubleValue(),
                centred(units, sumX2, sumX, sumX).divide(pairs, CONTEXT).doubleValue(),
                centred(units, sumXY, sumX, sumY).divide(pairs, CONTEXT).doubleValue());
    }

    /** {@code n·Σab − Σa·Σb}: n(n−1) times the sample (co)variance, exactly. */
    public static BigDecimal centred(BigDecimal units, BigDecimal sumAB, BigDecimal sumA, BigDecimal sumB) {
        return units.multiply(sumAB).subtract(sumA.multiply(sumB));
    }

    /** The variance of the sample mean of y, s²/n. */
    public double varianceOfMeanY() {
        return varY / n;
    }
}
