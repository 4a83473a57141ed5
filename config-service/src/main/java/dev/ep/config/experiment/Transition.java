package dev.ep.config.experiment;

import java.util.Set;

/**
 * The lifecycle state machine: {@code DRAFT → RUNNING ⇄ PAUSED → STOPPED}, and RUNNING may stop
 * directly. STOPPED is terminal (buckets released): running the idea again means a new experiment,
 * whose id, and therefore default salt, differs, so no unit carries its old treatment over.
 */
public enum Transition {
    START("start", Set.of(ExperimentStatus.DRAFT), ExperimentStatus.RUNNING),
    PAUSE("pause", Set.of(ExperimentStatus.RUNNING), ExperimentStatus.PAUSED),
    RESUME("resume", Set.of(ExperimentStatus.PAUSED), ExperimentStatus.RUNNING),
    STOP("stop", Set.of(ExperimentStatus.RUNNING, ExperimentStatus.PAUSED), ExperimentStatus.STOPPED);

    private final String verb;
    private final Set<ExperimentStatus> from;
    private final ExperimentStatus to;

    Transition(String verb, Set<ExperimentStatus> from, ExperimentStatus to) {
        this.verb = verb;
        this.from = from;
        this.to = to;
    }

    public String verb() {
        return verb;
    }

    public boolean allowedFrom(ExperimentStatus status) {
        return from.contains(status);
    }

    public Set<ExperimentStatus> from() {
        return from;
    }

    public ExperimentStatus to() {
        return to;
    }
}
