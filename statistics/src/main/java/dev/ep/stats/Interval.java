package dev.ep.stats;

/** A two-sided interval [lower, upper]; both ends are finite. */
public record Interval(double lower, double upper) {

    public Interval {
        if (!Double.isFinite(lower) || !Double.isFinite(upper) || lower > upper) {
            throw new IllegalArgumentException("not a finite interval: [" + lower + ", " + upper + "]");
        }
    }

    /** {@code centre ± halfWidth}. */
    public static Interval around(double centre, double halfWidth) {
        return new Interval(centre - halfWidth, centre + halfWidth);
    }
}
