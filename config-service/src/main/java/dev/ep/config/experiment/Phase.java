package dev.ep.config.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ep.config.allocation.Range;

/**
 * A period with an unchanged slot map, and everything a sample-ratio check of it needs without replaying the change
 * log. Phase 1 opens with the start; each weight change ends the current phase and opens the next (recording the
 * slots whose treatment changed, so analysis can keep to stable slots); a stop ends the current phase. Ramps, pauses
 * and resumes never open a phase: they append a {@link TrafficStep}.
 *
 * @param number       from 1
 * @param startedAt    the start or the weight change that opened it
 * @param changedSlots slot ranges whose treatment changed when it opened (empty for phase 1)
 * @param weights      every treatment's weight throughout the phase, in treatment order (sum 10,000): the expected
 *                     split
 * @param traffic      the experiment's share of its layer during the phase, oldest first; never empty, the first
 *                     step is at {@code startedAt}
 * @param endedAt      the next phase's start or the stop; empty while the phase is current
 */
public record Phase(int number, Instant startedAt, List<Range> changedSlots, List<PhaseWeight> weights,
        List<TrafficStep> traffic, Optional<Instant> endedAt) {

    public Phase {
        if (number < 1 || startedAt == null) {
            throw new IllegalArgumentException("phase number from 1 and a start time are required");
        }
        changedSlots = List.copyOf(changedSlots);
        weights = List.copyOf(weights);
        traffic = List.copyOf(traffic);
        endedAt = endedAt == null ? Optional.empty() : endedAt;
        if (weights.stream().mapToInt(PhaseWeight::weightBasisPoints).sum() != 10_000) {
            throw new IllegalArgumentException("phase weights must sum to 10000 basis points: " + weights);
        }
        if (traffic.isEmpty()) {
            throw new IllegalArgumentException("a phase has at least its opening traffic step");
        }
    }

    /** Opens a phase: its weights and its first traffic step, at {@code at}. */
    public static Phase open(int number, Instant at, List<Range> changedSlots, List<PhaseWeight> weights,
            int trafficBasisPoints, boolean assigning) {
        return new Phase(number, at, changedSlots, weights,
                List.of(new TrafficStep(at, trafficBasisPoints, assigning)), Optional.empty());
    }

    /** The same phase with one more traffic step (a ramp, a pause, a resume). */
    public Phase withStep(TrafficStep step) {
        List<TrafficStep> steps = new ArrayList<>(traffic);
        steps.add(step);
        return new Phase(number, startedAt, changedSlots, weights, steps, endedAt);
    }

    /** The same phase, ended at {@code at}. */
    public Phase endedAt(Instant at) {
        return new Phase(number, startedAt, changedSlots, weights, traffic, Optional.of(at));
    }
}
