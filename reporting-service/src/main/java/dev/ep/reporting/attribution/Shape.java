package dev.ep.reporting.attribution;

/**
 * How a metric's per-unit value reads: the mean of y (x = the CUPED covariate), a 0/1 proportion (likewise), or a
 * ratio of sums ΣY/ΣX (y = numerator, x = denominator per unit).
 */
public enum Shape {
    MEAN, PROPORTION, RATIO
}
