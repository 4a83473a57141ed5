package dev.ep.stats.analysis;

import java.math.BigDecimal;

/**
 * The analysis' hard bounds, so that one request has a bounded cost and every sum converts to a finite double.
 */
public final class AnalysisLimits {

    /** Arms per metric, the control included (config-service allows far fewer treatments). */
    public static final int MAX_ARMS = 20;
    /** Metrics per request. */
    public static final int MAX_METRICS = 50;
    /** Length of a metric or treatment name. */
    public static final int MAX_NAME_LENGTH = 200;
    /** Units per arm: 10^12. */
    public static final long MAX_UNITS = 1_000_000_000_000L;
    /** |sum| of any moment: 10^40 (Σy² of 10^12 units with |y| up to 10^14 minor units). */
    public static final BigDecimal MAX_ABS_SUM = BigDecimal.TEN.pow(40);
    /** Significant digits of a sum. */
    public static final int MAX_PRECISION = 60;
    /** Decimal places of a sum (exact BigDecimal arithmetic on a scale of 10^9 would be a denial of service). */
    public static final int MAX_SCALE = 18;
    /** τ² bound: 10^300, still finite after the arithmetic of the mSPRT. */
    public static final double MAX_TAU2 = 1e300;

    private AnalysisLimits() {
    }
}
