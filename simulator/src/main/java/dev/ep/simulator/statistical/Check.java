package dev.ep.simulator.statistical;

import java.util.Objects;

/**
 * One line of the report: how often something happened over independent runs, against the binomial band of the
 * rate a correct platform has.
 *
 * @param name     what is checked
 * @param count    runs in which it happened
 * @param band     the 99.9% band of the count under the expected rate
 * @param sidedness whether only too many is a failure (a rate that must be at most the expected one) or both
 */
record Check(String name, int count, BinomialBand band, Sidedness sidedness) {

    /** Which side of the band fails. */
    enum Sidedness {
        /** The rate must be within the band (e.g. the fixed-horizon false-positive rate, α ± band). */
        WITHIN,
        /** The rate must be at most the band's upper edge (e.g. the always-valid rate, ≤ α + band). */
        AT_MOST
    }

    Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(sidedness, "sidedness");
        if (count < 0 || count > band.trials()) {
            throw new IllegalArgumentException("count must be between 0 and the trials");
        }
    }

    double observedRate() {
        return (double) count / band.trials();
    }

    boolean passed() {
        return count <= band.upper() && (sidedness == Sidedness.AT_MOST || count >= band.lower());
    }
}
