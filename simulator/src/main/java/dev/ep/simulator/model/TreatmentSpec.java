package dev.ep.simulator.model;

/** A treatment of a simulated experiment: its weight in percent (the weights of an experiment sum to 100). */
public record TreatmentSpec(String name, double weight, boolean control) {

    public TreatmentSpec {
        Names.require("treatment name", name);
        if (!(weight > 0) || weight > 100) {
            throw new ModelException("treatment " + name + ": weight must be in (0, 100] percent, got " + weight);
        }
    }

    public int weightBasisPoints() {
        return (int) Math.round(weight * 100);
    }
}
