package dev.ep.config.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.ep.config.allocation.BucketAllocation;
import dev.ep.config.slot.SlotMap;

/**
 * Current state of one experiment, folded from its events.
 *
 * @param definition what the owner defined (weights, overrides and targeting change while live)
 * @param status     lifecycle status
 * @param createdAt  when it was created
 * @param allocation the layer buckets it owns (RUNNING and PAUSED only; empty otherwise)
 * @param slots      the treatment slot map (while DRAFT, the layout its current weights would start with)
 * @param phases     phase history, oldest first (empty while DRAFT), each with its weights, traffic steps and end
 * @param stoppedAt  when it stopped, if it did
 */
public record Experiment(ExperimentDefinition definition, ExperimentStatus status, Instant createdAt,
        BucketAllocation allocation, SlotMap slots, List<Phase> phases, Optional<Instant> stoppedAt) {

    public Experiment {
        phases = List.copyOf(phases);
    }

    public static Experiment draft(ExperimentDefinition definition, Instant createdAt) {
        return new Experiment(definition, ExperimentStatus.DRAFT, createdAt, BucketAllocation.NONE,
                SlotMap.initial(definition.treatments().weights()), List.of(), Optional.empty());
    }

    public ExperimentId id() {
        return definition.id();
    }

    /** Current phase number: 0 while DRAFT, 1 from the start, +1 per weight change. */
    public int phase() {
        return phases.size();
    }

    /** The current phase (the last one); only a started experiment has one. */
    public Phase currentPhase() {
        if (phases.isEmpty()) {
            throw new IllegalStateException("experiment '" + id() + "' has not started");
        }
        return phases.get(phases.size() - 1);
    }

    /** Share of the layer owned, in basis points of its 10,000 buckets. */
    public int trafficBasisPoints() {
        return allocation.size();
    }
}
