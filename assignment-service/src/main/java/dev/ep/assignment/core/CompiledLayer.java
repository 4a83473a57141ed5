package dev.ep.assignment.core;

import dev.ep.assignment.hashing.HashSpace;
import dev.ep.assignment.hashing.Murmur3;
import java.util.List;
import java.util.Map;

/**
 * A layer precomputed for the hot path: a bucket → owning experiment table (kept as runs, {@link Runs}), the QA
 * overrides of its experiments indexed by unit id, and the bucket hash prefix ({@link HashSpace#BUCKET}, namespace =
 * the layer id). Deciding a layer costs one hash, one table read ({@link Runs}), one compiled targeting evaluation
 * (or its remembered result) and one more hash and table read for the slot. Per experiment the layer keeps the number
 * of its targeting, or {@code -1} when it assigns nothing, in one array: a bucket owned by an experiment that cannot
 * assign, or that the request is not eligible for, is decided without reading the experiment.
 *
 * <p>One unit per layer: the layer hashes exactly the id of its {@link #unitType()} (the session id or the user id),
 * and only experiments of that unit type own buckets or are forced. A request without an id of that type (an
 * anonymous request in a USER layer) gets nothing from the layer. So whatever a session does (logging in, logging
 * out), it can never hold two experiments of one layer: its SESSION layers never look at the user id, its USER
 * layers never look at the session id.
 */
public final class CompiledLayer {

    private final String id;
    private final UnitType unitType;
    private final Murmur3.Prefix prefix;
    private final int bucketCount;
    private final Runs owner;
    private final CompiledExperiment[] experiments;
    /** Per experiment: its targeting's number in the snapshot, or {@code -1} when it cannot assign. */
    private final int[] targetingOf;
    private final Map<String, CompiledExperiment> overrides;

    CompiledLayer(String id, UnitType unitType, int bucketCount, short[] owner, CompiledExperiment[] experiments,
            Map<String, CompiledExperiment> overrides) {
        this.id = id;
        this.unitType = unitType;
        this.prefix = HashSpace.BUCKET.prefix(id);
        this.bucketCount = bucketCount;
        this.owner = Runs.of(owner);
        this.experiments = experiments;
        this.targetingOf = new int[experiments.length];
        for (int i = 0; i < experiments.length; i++) {
            targetingOf[i] = experiments[i].assignable() ? experiments[i].targetingIndex() : -1;
        }
        this.overrides = overrides;
    }

    public String id() {
        return id;
    }

    /** The one unit the layer hashes. */
    public UnitType unitType() {
        return unitType;
    }

    public int bucketCount() {
        return bucketCount;
    }

    public List<CompiledExperiment> experiments() {
        return List.of(experiments);
    }

    /** The experiment owning {@code bucket}, or {@code null}. */
    public CompiledExperiment ownerOf(int bucket) {
        int o = owner.at(bucket);
        return o < 0 ? null : experiments[o];
    }

    /** The layer bucket of {@code unitId}: ⌊h × bucketCount / 2³²⌋ of {@code bucket:L:layerId:unitId}. */
    public int bucketOf(String unitId) {
        return Murmur3.bucket(prefix, unitId, bucketCount);
    }

    /**
     * The hot path, first half: the layer bucket of the request's unit, hashed from its bytes encoded once per request
     * ({@link RequestContext#unit}), or {@code -1} when the request has no id of the layer's unit type. Depends on
     * nothing another layer decides, so {@link CompiledConfig#assign} computes it one layer ahead.
     */
    int bucket(RequestContext context) {
        Murmur3.Unit unit = context.unit(unitType);
        return unit == null ? -1 : Murmur3.bucket(prefix, unit, bucketCount);
    }

    /**
     * The hot path, second half: the assignment from this layer given the unit's {@link #bucket} ({@code >= 0}), or
     * {@code null} for none. Targeting is evaluated in the request's compiled context: the same results as
     * {@link #explain}, which works from the strings.
     */
    LayerOutcome.Assigned assign(RequestContext context, int bucket) {
        String unit = context.request().unit(unitType);
        CompiledExperiment forced = overrides.isEmpty() ? null : overrides.get(unit);
        if (forced != null && context.eligible(forced)) {
            return new LayerOutcome.Assigned(id, forced, forced.override(unit), unitType, unit, bucket, -1, true);
        }
        int o = owner.at(bucket);
        if (o < 0) {
            return null;
        }
        int targeting = targetingOf[o];
        if (targeting < 0 || !context.eligible(targeting)) {
            return null;
        }
        CompiledExperiment chosen = experiments[o];
        int slot = Murmur3.bucket(chosen.slotPrefix(), context.unit(unitType), chosen.slotCount());
        return new LayerOutcome.Assigned(id, chosen, chosen.treatmentOfSlot(slot), unitType, unit, bucket, slot,
                false);
    }

    /**
     * Every step of {@link #assign}, evaluated without short-cuts, with the exact text of every hash input.
     *
     * @param heldOut the request is a member of a holdout that covers this layer's unit type: nothing is hashed
     */
    Explanation.LayerStep explain(AssignmentRequest request, boolean heldOut) {
        String unit = request.unit(unitType);
        if (heldOut) {
            return new Explanation.LayerStep(id, bucketCount, List.of(), null, null, null, unitType, null, null,
                    new LayerOutcome.HeldOut(id), true);
        }
        if (unit == null) {
            return new Explanation.LayerStep(id, bucketCount, List.of(), null, null, null, unitType, null, null,
                    new LayerOutcome.Unowned(id, -1), false);
        }
        CompiledExperiment forced = overrides.isEmpty() ? null : overrides.get(unit);
        boolean forcedApplies = forced != null && forced.targeting().matches(request.page(), request.attributes());
        int hash = Murmur3.hash(prefix, unit);
        int bucket = Murmur3.bucket(hash, bucketCount);
        CompiledExperiment o = ownerOf(bucket);
        // a QA override that applies decides the layer: then the bucket owner is not used
        Explanation.UnitStep unitStep = new Explanation.UnitStep(unitType, unit, prefix.input(unit),
                Integer.toUnsignedLong(hash), bucket, o == null ? null : o.id(), !forcedApplies && o != null);
        CompiledExperiment chosen = forcedApplies ? forced : o;
        if (chosen == null) {
            return new Explanation.LayerStep(id, bucketCount, List.of(unitStep), forced == null ? null : forced.id(),
                    null, null, unitType, null, null, new LayerOutcome.Unowned(id, bucket), false);
        }
        var targeting = chosen.targeting().explain(request.page(), request.attributes());
        LayerOutcome outcome;
        Explanation.SlotStep slotStep = null;
        if (!chosen.assignable()) {
            outcome = new LayerOutcome.NotRunning(id, chosen.id(), chosen.status());
        } else if (!targeting.matched()) {
            outcome = new LayerOutcome.NotEligible(id, chosen.id(), targeting.pageMatched());
        } else if (forcedApplies) {
            outcome = new LayerOutcome.Assigned(id, chosen, chosen.override(unit), unitType, unit, bucket, -1, true);
        } else {
            Murmur3.Prefix slotPrefix = chosen.slotPrefix();
            int slotHash = Murmur3.hash(slotPrefix, unit);
            int slot = Murmur3.bucket(slotHash, chosen.slotCount());
            Treatment treatment = chosen.treatmentOfSlot(slot);
            slotStep = new Explanation.SlotStep(chosen.salt(), unit, slotPrefix.input(unit),
                    Integer.toUnsignedLong(slotHash), chosen.slotCount(), slot, treatment.name());
            outcome = new LayerOutcome.Assigned(id, chosen, treatment, unitType, unit, bucket, slot, false);
        }
        return new Explanation.LayerStep(id, bucketCount, List.of(unitStep), forced == null ? null : forced.id(),
                chosen.id(), chosen.status(), unitType, targeting, slotStep, outcome, false);
    }
}
