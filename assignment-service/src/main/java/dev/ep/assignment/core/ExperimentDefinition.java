package dev.ep.assignment.core;

import dev.ep.targeting.Targeting;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An experiment as the assignment core needs it, converted at the edge from the {@code ExperimentState} snapshot.
 *
 * @param buckets   layer bucket ranges the experiment owns (empty: none)
 * @param slots     run-length slot map covering {@code [0, slotCount)}
 * @param overrides QA overrides: unit id (of {@code unitType}) → treatment name
 */
public record ExperimentDefinition(String id, String layerId, int version, int phase, UnitType unitType, String salt,
        Status status, List<BucketRange> buckets, int slotCount, List<TreatmentDefinition> treatments,
        List<SlotRange> slots, Targeting targeting, Map<String, String> overrides) {

    public ExperimentDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(layerId, "layerId");
        Objects.requireNonNull(unitType, "unitType");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(targeting, "targeting");
        buckets = List.copyOf(buckets);
        treatments = List.copyOf(treatments);
        slots = List.copyOf(slots);
        overrides = Map.copyOf(overrides);
        if (slotCount < 1 || slotCount > 1_000_000) {
            throw new IllegalArgumentException("experiment " + id + ": slotCount " + slotCount + " out of range");
        }
    }
}
