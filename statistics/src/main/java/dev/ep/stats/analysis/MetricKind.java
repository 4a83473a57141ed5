package dev.ep.stats.analysis;

/** How a metric's per-unit values are summarised, which decides the test applied to it. */
public enum MetricKind {
    /** Mean of a per-unit value (revenue per unit, page views per unit): Welch's t-test. */
    MEAN,
    /** Share of units with a 0/1 value (conversion, add-to-cart rate): Welch's t-test on the 0/1 values. */
    PROPORTION,
    /** ΣY/ΣX over units (average order value): delta-method variance and a z-test (Deng et al. 2018). */
    RATIO
}
