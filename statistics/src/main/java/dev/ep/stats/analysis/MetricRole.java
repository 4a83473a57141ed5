package dev.ep.stats.analysis;

/** A metric's role in the experiment, which decides its multiple-comparison family. */
public enum MetricRole {
    /** The decision metric: Holm over the treatments' comparisons. */
    PRIMARY,
    /** A "do no harm" metric: its own Holm family, apart from the primary one. */
    GUARDRAIL,
    /** Shown unadjusted, and labelled so. */
    SECONDARY
}
