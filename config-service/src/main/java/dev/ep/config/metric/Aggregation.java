package dev.ep.config.metric;

/** How a custom metric aggregates its events per unit. */
public enum Aggregation {
    /** Whether the event happened at least once (a rate). */
    OCCURRED,
    /** How many times it happened. */
    COUNT,
    /** The sum of the events' values. */
    SUM
}
