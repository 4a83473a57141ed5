package dev.ep.reporting.attribution;

import java.math.BigInteger;

/**
 * Exact sufficient statistics of one metric over an arm's units: n, Σy, Σy², Σx, Σx², Σxy. Integers of any size,
 * so that adding and taking back a unit's value is exact and the sums equal a SQL recomputation.
 */
public record MetricSums(long n, BigInteger sumY, BigInteger sumY2, BigInteger sumX, BigInteger sumX2,
                         BigInteger sumXY) {

    public static final MetricSums ZERO = new MetricSums(0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
            BigInteger.ZERO, BigInteger.ZERO);

    public MetricSums plus(UnitValue v) {
        return combine(v, 1);
    }

    /** The sums of both sets of units (signed: either may hold units taken back). */
    public MetricSums plus(MetricSums o) {
        return new MetricSums(n + o.n, sumY.add(o.sumY), sumY2.add(o.sumY2), sumX.add(o.sumX), sumX2.add(o.sumX2),
                sumXY.add(o.sumXY));
    }

    public MetricSums minus(UnitValue v) {
        return combine(v, -1);
    }

    private MetricSums combine(UnitValue v, int sign) {
        if (v.y() == 0 && v.x() == 0) { // most units' value of most metrics: only n changes
            return new MetricSums(n + sign, sumY, sumY2, sumX, sumX2, sumXY);
        }
        BigInteger y = BigInteger.valueOf(v.y());
        BigInteger x = BigInteger.valueOf(v.x());
        BigInteger s = BigInteger.valueOf(sign);
        return new MetricSums(n + sign, sumY.add(y.multiply(s)), sumY2.add(y.multiply(y).multiply(s)),
                sumX.add(x.multiply(s)), sumX2.add(x.multiply(x).multiply(s)), sumXY.add(x.multiply(y).multiply(s)));
    }
}
