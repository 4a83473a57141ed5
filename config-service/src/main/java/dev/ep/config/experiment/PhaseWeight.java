package dev.ep.config.experiment;

import java.util.List;

/** One treatment's share of the experiment's traffic throughout a phase, in basis points. */
public record PhaseWeight(String treatment, int weightBasisPoints) {

    public PhaseWeight {
        if (treatment == null || weightBasisPoints < 1 || weightBasisPoints > 10_000) {
            throw new IllegalArgumentException("a treatment and a weight of 1 to 10000 basis points are required");
        }
    }

    /** The weights of {@code treatments}, in their order. */
    public static List<PhaseWeight> of(Treatments treatments) {
        return treatments.list().stream().map(t -> new PhaseWeight(t.name(), t.weightBasisPoints())).toList();
    }
}
