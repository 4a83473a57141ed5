package dev.ep.stats.analysis;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The sufficient statistics of one arm for one metric: everything the statistics need, and nothing about single
 * units. One shape everywhere: the stream aggregate, the JSON of the results endpoint and the request of
 * {@code POST /v1/analysis}, so that a data scientist can re-run any published result without trusting the stream.
 *
 * <ul>
 *   <li>MEAN and PROPORTION metrics: {@code y} is the unit's metric value (0/1 for a proportion); {@code x} is the
 *       CUPED covariate (the unit's pre-exposure value) when CUPED applies, otherwise every x term is 0.</li>
 *   <li>RATIO metrics ({@code ΣY/ΣX}, e.g. revenue per order): {@code y} is the numerator per unit, {@code x} the
 *       denominator per unit.</li>
 * </ul>
 *
 * <p>Sums are exact decimals (integers in practice: revenue in minor units, counts are counts) so that a plain SQL
 * recomputation can equal them exactly; the statistics convert to {@code double} only where they compute.
 * Range checks (n ≥ 0, variances ≥ 0, bounds) belong to the request check of {@code POST /v1/analysis}, so that the stream can build
 * this record freely and the API can answer a bad request with problem details that name the field.
 *
 * @param treatment the arm's treatment key
 * @param n         exposed units of the arm (for a ratio metric: units, not orders)
 * @param sumY      Σy over the arm's units
 * @param sumY2     Σy²
 * @param sumX      Σx (covariate or ratio denominator), 0 when unused
 * @param sumX2     Σx²
 * @param sumXY     Σxy
 */
public record ArmMoments(String treatment, long n, BigDecimal sumY, BigDecimal sumY2,
                         BigDecimal sumX, BigDecimal sumX2, BigDecimal sumXY) {

    public ArmMoments {
        Objects.requireNonNull(treatment, "treatment");
        sumY = orZero(sumY);
        sumY2 = orZero(sumY2);
        sumX = orZero(sumX);
        sumX2 = orZero(sumX2);
        sumXY = orZero(sumXY);
    }

    /** An arm without a covariate (x terms 0). */
    public static ArmMoments of(String treatment, long n, BigDecimal sumY, BigDecimal sumY2) {
        return new ArmMoments(treatment, n, sumY, sumY2, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** The empty arm: the identity of {@link #plus}. */
    public static ArmMoments empty(String treatment) {
        return of(treatment, 0, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** Adds one unit's contribution (the stream's adder). */
    public ArmMoments plus(BigDecimal y, BigDecimal x) {
        return new ArmMoments(treatment, n + 1, sumY.add(y), sumY2.add(y.multiply(y)),
                sumX.add(x), sumX2.add(x.multiply(x)), sumXY.add(x.multiply(y)));
    }

    /** Removes one unit's earlier contribution (the stream's subtractor: a later order changes a unit's y). */
    public ArmMoments minus(BigDecimal y, BigDecimal x) {
        return new ArmMoments(treatment, n - 1, sumY.subtract(y), sumY2.subtract(y.multiply(y)),
                sumX.subtract(x), sumX2.subtract(x.multiply(x)), sumXY.subtract(x.multiply(y)));
    }

    /** Whether any x term is non-zero, i.e. a covariate (or ratio denominator) was recorded. */
    public boolean hasX() {
        return sumX.signum() != 0 || sumX2.signum() != 0 || sumXY.signum() != 0;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
