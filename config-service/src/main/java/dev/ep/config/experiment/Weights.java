package dev.ep.config.experiment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.ep.config.allocation.LayerBuckets;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * Reads weights and shares as clients write them: percentages summing to 100 (at most two decimals, e.g.
 * 33.33/33.33/33.34) or basis points summing to 10,000 (whole numbers). The sum decides which; the
 * result is always basis points.
 *
 * <p>Client numbers arrive as {@link BigDecimal}, where a short text like {@code 1e999999999} is a valid value
 * with a billion-digit expansion. Every number is therefore bounded (magnitude, decimals) with cheap checks
 * before any arithmetic, and messages print it in scientific notation when its plain form would be long.
 */
public final class Weights {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);
    /** Finer than this many decimals is never a meaningful weight or share. */
    private static final int MAX_DECIMALS = 20;

    private Weights() {
    }

    public static List<Integer> toBasisPoints(List<BigDecimal> weights) {
        if (weights == null || weights.isEmpty()) {
            throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "weights: must not be empty");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < weights.size(); i++) {
            BigDecimal w = weights.get(i);
            if (w == null || w.signum() <= 0) {
                throw new ConfigException(ErrorCode.INVALID_WEIGHTS,
                        "weights[" + i + "]: must be positive, got " + (w == null ? "nothing" : show(w)));
            }
            if (!bounded(w, TEN_THOUSAND)) {
                throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "weights[" + i + "]: must be at most 10000 with"
                        + " at most " + MAX_DECIMALS + " decimals, got " + show(w));
            }
            sum = sum.add(w);
        }
        boolean percent;
        if (sum.compareTo(HUNDRED) == 0) {
            percent = true;
        } else if (sum.compareTo(TEN_THOUSAND) == 0) {
            percent = false;
        } else {
            throw new ConfigException(ErrorCode.INVALID_WEIGHTS,
                    "weights: must sum to 100 (percent) or 10000 (basis points), got " + sum.stripTrailingZeros().toPlainString());
        }
        List<Integer> out = new ArrayList<>(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            BigDecimal bp = percent ? weights.get(i).multiply(HUNDRED) : weights.get(i);
            try {
                out.add(bp.stripTrailingZeros().intValueExact());
            } catch (ArithmeticException e) {
                throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "weights[" + i + "]: "
                        + (percent ? "percentages may have at most 2 decimals" : "basis points must be whole numbers")
                        + ", got " + show(weights.get(i)));
            }
        }
        return List.copyOf(out);
    }

    /** Traffic as percent (0.01 to 100, at most two decimals) to basis points. */
    public static int trafficToBasisPoints(BigDecimal percent) {
        if (percent == null) {
            throw new ConfigException(ErrorCode.INVALID_TRAFFIC, "traffic: is required");
        }
        return percentToBasisPoints("traffic", percent, 1, ErrorCode.INVALID_TRAFFIC);
    }

    /**
     * A percentage with at most two decimals, between {@code minBasisPoints / 100} and 100, as basis points
     * (traffic shares, the holdout).
     *
     * @param field the request field named in the message
     * @param code  the error code of a refused value
     */
    public static int percentToBasisPoints(String field, BigDecimal percent, int minBasisPoints, ErrorCode code) {
        String range = field + ": must be between " + LayerBuckets.percent(minBasisPoints) + " and 100%, got "
                + show(percent) + "%";
        if (percent.abs().compareTo(HUNDRED) > 0) {
            throw new ConfigException(code, range);
        }
        if (percent.stripTrailingZeros().scale() > 2) {
            throw new ConfigException(code, field + ": at most 2 decimals, got " + show(percent));
        }
        int basisPoints = percent.movePointRight(2).intValueExact();
        if (basisPoints < minBasisPoints) {
            throw new ConfigException(code, range);
        }
        return basisPoints;
    }

    /** Within ±{@code max} and at most {@link #MAX_DECIMALS} decimals: checks that cost O(digits of the text). */
    private static boolean bounded(BigDecimal value, BigDecimal max) {
        return value.abs().compareTo(max) <= 0 && value.stripTrailingZeros().scale() <= MAX_DECIMALS;
    }

    /** The plain form when it is short, else scientific notation ({@code 1E+999999999}). */
    private static String show(BigDecimal value) {
        return Math.abs(value.scale()) <= MAX_DECIMALS ? value.toPlainString() : value.toString();
    }
}
