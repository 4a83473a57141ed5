package dev.ep.config.experiment;

import java.time.Instant;
import java.util.List;

import dev.ep.config.allocation.Range;

/**
 * A period with an unchanged slot map. Phase 1 starts with the experiment; each weight change starts
 * the next and records the slots whose treatment changed, so analysis can keep to stable slots.
 */
public record Phase(int number, Instant startedAt, List<Range> changedSlots) {

    public Phase {
        if (number < 1 || startedAt == null) {
            throw new IllegalArgumentException("phase number from 1 and a start time are required");
        }
        changedSlots = List.copyOf(changedSlots);
    }
}
