package dev.ep.assignment.core;

import java.util.Objects;

/**
 * One variant of an experiment.
 *
 * @param variables JSON object text the storefront applies (validated at the edge; {@code {}} when none)
 */
public record TreatmentDefinition(String name, boolean control, int weightBasisPoints, String variables) {

    public TreatmentDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(variables, "variables");
    }
}
