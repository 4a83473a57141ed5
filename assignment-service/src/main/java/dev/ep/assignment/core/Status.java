package dev.ep.assignment.core;

/** Experiment lifecycle status; only {@link #RUNNING} assigns. {@link #UNKNOWN} is treated as not running. */
public enum Status {
    DRAFT, RUNNING, PAUSED, STOPPED, UNKNOWN
}
