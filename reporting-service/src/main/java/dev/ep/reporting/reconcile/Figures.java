package dev.ep.reporting.reconcile;

import java.math.BigInteger;
import java.util.Objects;

/**
 * The exact figures of one aggregate: n, and for a metric the five sums (all zero for a unit count). Integers on both
 * sides (counts, 0/1, minor units), so equality is exact.
 */
public record Figures(long n, BigInteger sumY, BigInteger sumY2, BigInteger sumX, BigInteger sumX2, BigInteger sumXY) {

    public static final Figures NONE = units(0);

    public Figures {
        Objects.requireNonNull(sumY, "sumY");
        Objects.requireNonNull(sumY2, "sumY2");
        Objects.requireNonNull(sumX, "sumX");
        Objects.requireNonNull(sumX2, "sumX2");
        Objects.requireNonNull(sumXY, "sumXY");
    }

    public static Figures units(long n) {
        return new Figures(n, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO);
    }
}
