package dev.ep.config.experiment;

import dev.ep.config.problem.Checks;

/** An experiment's slug id; immutable for the experiment's life and never reused. */
public record ExperimentId(String value) implements Comparable<ExperimentId> {

    public ExperimentId {
        Checks.slug("experiment id", value);
    }

    @Override
    public int compareTo(ExperimentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
