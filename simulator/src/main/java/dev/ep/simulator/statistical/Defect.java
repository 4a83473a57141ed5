package dev.ep.simulator.statistical;

/**
 * A defect injected on purpose, to show that the validation can fail: each one must turn at least one check red.
 * {@link #NONE} is the platform as it is.
 */
public enum Defect {
    /** The platform as it is. */
    NONE,
    /**
     * Peeking with the fixed-horizon Welch p-value as if it were always-valid: the "always-valid" check looks at the
     * Welch p after every batch. Under continuous peeking its false-positive rate is far above α.
     */
    PEEK_WITH_FIXED_HORIZON_P,
    /**
     * A biased splitter: the control receives {@link #SPLITTER_BIAS_BASIS_POINTS} more than its configured weight
     * (taken from the last arm), while the analysis expects the configured weights. The SRM alarm must fire.
     */
    BIASED_SPLITTER,
    /**
     * A one-sided p-value reported as two-sided: the fixed-horizon Welch p is halved. The A/A false-positive rate
     * doubles and the planted effect is "found" more often than the calculator predicts.
     */
    ONE_SIDED_P_AS_TWO_SIDED;

    /** The fixed-horizon p-value as this defect reports it. */
    Double fixedHorizonP(Double p) {
        return this == ONE_SIDED_P_AS_TWO_SIDED && p != null ? p / 2 : p;
    }

    /** The biased splitter's shift, in basis points. */
    static final int SPLITTER_BIAS_BASIS_POINTS = 300;
}
