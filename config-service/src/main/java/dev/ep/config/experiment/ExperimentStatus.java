package dev.ep.config.experiment;

/** Lifecycle status; the moves between them are {@link Transition}s. */
public enum ExperimentStatus {
    DRAFT,
    RUNNING,
    PAUSED,
    STOPPED;

    /** RUNNING and PAUSED own buckets and may change ramp, weights, overrides and targeting. */
    public boolean isLive() {
        return this == RUNNING || this == PAUSED;
    }
}
