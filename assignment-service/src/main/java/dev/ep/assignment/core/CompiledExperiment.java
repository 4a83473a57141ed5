package dev.ep.assignment.core;

import dev.ep.assignment.hashing.HashSpace;
import dev.ep.assignment.hashing.Murmur3;
import dev.ep.targeting.CompiledTargeting;
import java.util.List;
import java.util.Map;

/**
 * An experiment precomputed for the hot path: compiled targeting, a slot → treatment index table (kept as runs,
 * {@link Runs}), the overrides resolved to treatments and the slot hash prefix ({@link HashSpace#SLOT}, namespace = the
 * salt). Immutable.
 */
public final class CompiledExperiment {

    private final ExperimentDefinition definition;
    private final int ordinal;
    private final CompiledTargeting targeting;
    private final int targetingIndex;
    private final Treatment[] treatments;
    private final Runs slotTable;
    private final Map<String, Treatment> overrides;
    private final boolean assignable;
    private final boolean unitMatchesLayer;
    private final Murmur3.Prefix slotPrefix;
    private final int hash;

    CompiledExperiment(ExperimentDefinition definition, int ordinal, CompiledTargeting targeting, int targetingIndex,
            Treatment[] treatments, byte[] slotTable, Map<String, Treatment> overrides, boolean validSlotMap,
            UnitType layerUnitType) {
        this.definition = definition;
        this.ordinal = ordinal;
        this.targeting = targeting;
        this.targetingIndex = targetingIndex;
        this.treatments = treatments;
        this.slotTable = Runs.of(slotTable);
        this.overrides = overrides;
        this.slotPrefix = HashSpace.SLOT.prefix(definition.salt());
        this.hash = definition.hashCode();
        this.unitMatchesLayer = definition.unitType() == layerUnitType;
        this.assignable = validSlotMap && definition.status() == Status.RUNNING
                && definition.unitType() != UnitType.UNKNOWN && unitMatchesLayer;
    }

    public String id() {
        return definition.id();
    }

    /**
     * The experiment's number in its snapshot ({@code 0} to {@link CompiledConfig#experimentCount()} - 1, one per
     * compiled experiment): lets a caller keep per-experiment data of one snapshot in an array instead of a map. Not part of {@link #equals}: the same definition has another ordinal in another
     * snapshot.
     */
    public int ordinal() {
        return ordinal;
    }

    public String layerId() {
        return definition.layerId();
    }

    public int version() {
        return definition.version();
    }

    public int phase() {
        return definition.phase();
    }

    public UnitType unitType() {
        return definition.unitType();
    }

    public String salt() {
        return definition.salt();
    }

    /** The precomputed hash state of {@code slot:L:salt:}. */
    Murmur3.Prefix slotPrefix() {
        return slotPrefix;
    }

    public Status status() {
        return definition.status();
    }

    public int slotCount() {
        return slotTable.size();
    }

    public ExperimentDefinition definition() {
        return definition;
    }

    public CompiledTargeting targeting() {
        return targeting;
    }

    /** The number of the experiment's targeting in its snapshot's {@link dev.ep.targeting.TargetingSet}. */
    int targetingIndex() {
        return targetingIndex;
    }

    /** Running, with a complete slot map and a known unit type that is its layer's. */
    public boolean assignable() {
        return assignable;
    }

    /**
     * The experiment's unit type is its layer's. When not (inconsistent input: config-service refuses it), the
     * experiment owns no bucket, is never forced and assigns nothing, and the configuration lists a warning.
     */
    public boolean unitMatchesLayer() {
        return unitMatchesLayer;
    }

    public List<Treatment> treatments() {
        return List.of(treatments);
    }

    /**
     * The position of {@code treatment} in {@link #treatments()}, by identity (every treatment this experiment assigns
     * or forces is one of its own instances), or {@code -1} for any other instance.
     */
    public int treatmentIndex(Treatment treatment) {
        for (int i = 0; i < treatments.length; i++) {
            if (treatments[i] == treatment) {
                return i;
            }
        }
        return -1;
    }

    public Treatment treatmentOfSlot(int slot) {
        return treatments[slotTable.at(slot)];
    }

    /** The treatment a QA override forces on this unit, or {@code null}. */
    public Treatment override(String unitId) {
        return unitId == null || overrides.isEmpty() ? null : overrides.get(unitId);
    }

    Map<String, Treatment> overrides() {
        return overrides;
    }

    /** Equal definitions compile to equal experiments (so results compare by value across recompilations). */
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof CompiledExperiment other && hash == other.hash
                && definition.equals(other.definition);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "CompiledExperiment[" + definition.id() + " v" + definition.version() + "]";
    }
}
