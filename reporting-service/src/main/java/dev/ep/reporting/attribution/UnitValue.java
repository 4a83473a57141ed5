package dev.ep.reporting.attribution;

/**
 * One unit's value of one metric: y and x as {@link Shape} defines them. Integers: counts, 0/1, or money in minor
 * units, so every sum over units is exact.
 */
public record UnitValue(long y, long x) {

    public static final UnitValue ZERO = new UnitValue(0, 0);
}
