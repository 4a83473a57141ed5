package dev.ep.reporting.attribution;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What attribution needs to know about an experiment: its phases (start and the slot ranges whose treatment changed
 * at that start) and when it stopped.
 */
public record ExperimentRules(String experimentId, List<PhaseStart> phases, Long stoppedAt) {

    public ExperimentRules {
        Objects.requireNonNull(experimentId, "experimentId");
        phases = List.copyOf(phases);
    }

    /** A phase's start, and the half-open slot ranges [start, end) that changed treatment there. */
    public record PhaseStart(int number, long startedAt, List<SlotRange> changedSlots) {

        public PhaseStart {
            changedSlots = List.copyOf(changedSlots);
        }

        boolean moved(int slot) {
            return changedSlots.stream().anyMatch(r -> r.start() <= slot && slot < r.end());
        }
    }

    /** Half-open slot range. */
    public record SlotRange(int start, int end) {
    }

    /** The experiment's start: its first phase's start; empty while it has no phase. */
    public OptionalLong startedAt() {
        return phases.stream().mapToLong(PhaseStart::startedAt).min();
    }

    /**
     * When a unit first exposed in {@code phase} with {@code slot} stops contributing: the start of the first later
     * phase that moved its slot (carry-over), or the experiment's stop; empty while neither happened.
     */
    public OptionalLong cutoff(int phase, Integer slot) {
        long cutoff = Long.MAX_VALUE;
        if (slot != null) {
            for (PhaseStart later : phases) {
                if (later.number() > phase && later.moved(slot)) {
                    cutoff = Math.min(cutoff, later.startedAt());
                }
            }
        }
        if (stoppedAt != null) {
            cutoff = Math.min(cutoff, stoppedAt);
        }
        return cutoff == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(cutoff);
    }
}
