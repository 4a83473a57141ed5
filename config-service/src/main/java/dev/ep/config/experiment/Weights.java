package dev.ep.config.experiment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * Reads weights as clients write them: percentages summing to 100 (at most two decimals, e.g.
 * 33.33/33.33/33.34) or basis points summing to 10,000 (whole numbers). The sum decides which; the
 * result is always basis points.
 */
public final class Weights {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

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
                        "weights[" + i + "]: must be positive, got " + (w == null ? "nothing" : w.toPlainString()));
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
                        + ", got " + weights.get(i).toPlainString());
            }
        }
        return List.copyOf(out);
    }

    /** Traffic as percent (0.01 to 100, at most two decimals) to basis points. */
    public static int trafficToBasisPoints(BigDecimal percent) {
        if (percent == null) {
            throw new ConfigException(ErrorCode.INVALID_TRAFFIC, "traffic: is required");
        }
        BigDecimal bp = percent.multiply(HUNDRED).stripTrailingZeros();
        if (bp.scale() > 0) {
            throw new ConfigException(ErrorCode.INVALID_TRAFFIC,
                    "traffic: at most 2 decimals, got " + percent.toPlainString());
        }
        if (bp.compareTo(BigDecimal.ONE) < 0 || bp.compareTo(TEN_THOUSAND) > 0) {
            throw new ConfigException(ErrorCode.INVALID_TRAFFIC,
                    "traffic: must be between 0.01% and 100%, got " + percent.toPlainString() + "%");
        }
        return bp.intValueExact();
    }
}
