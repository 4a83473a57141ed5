package dev.ep.reporting.attribution;

import java.util.Objects;

/**
 * One coverage event of the unit: the storefront confirmed the treatment took effect.
 *
 * @param slot null when a QA override forced the treatment
 */
public record Coverage(String experimentId, int phase, String treatment, Integer slot, long time, boolean forced,
                       long configVersion) implements UnitInput {

    public Coverage {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(treatment, "treatment");
    }
}
