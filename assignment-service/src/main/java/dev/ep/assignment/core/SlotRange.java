package dev.ep.assignment.core;

import java.util.Objects;

/** Slots {@code [start, end)} of an experiment mapped to one treatment (one run of the run-length slot map). */
public record SlotRange(int start, int end, String treatment) {

    public SlotRange {
        Objects.requireNonNull(treatment, "treatment");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("invalid slot range [" + start + ", " + end + ")");
        }
    }
}
