package dev.ep.assignment.core;

import dev.ep.assignment.hashing.Murmur3;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A layer precomputed for the hot path: a bucket → owning experiment table, and the QA overrides of its experiments
 * indexed by unit id. Deciding a layer costs one or two hashes, two array reads, one compiled targeting evaluation
 * and one more hash for the slot.
 *
 * <p>Unit ids: an experiment hashes the unit of its {@link UnitType}. In a layer that mixes unit types, the user
 * bucket is looked at first (a USER experiment owning it wins), then the session bucket (a SESSION experiment owning
 * it); at most one experiment per layer is ever chosen, so experiments of one layer stay mutually exclusive.
 */
public final class CompiledLayer {

    private final String id;
    private final Murmur3.Prefix prefix;
    private final int bucketCount;
    private final short[] owner;
    private final CompiledExperiment[] experiments;
    private final boolean hasSessionOwners;
    private final boolean hasUserOwners;
    private final Map<String, CompiledExperiment> sessionOverrides;
    private final Map<String, CompiledExperiment> userOverrides;

    CompiledLayer(String id, int bucketCount, short[] owner, CompiledExperiment[] experiments,
            Map<String, CompiledExperiment> sessionOverrides, Map<String, CompiledExperiment> userOverrides) {
        this.id = id;
        this.prefix = Murmur3.prefix(id);
        this.bucketCount = bucketCount;
        this.owner = owner;
        this.experiments = experiments;
        boolean session = false;
        boolean user = false;
        for (short o : owner) {
            if (o >= 0) {
                session |= experiments[o].unitType() == UnitType.SESSION;
                user |= experiments[o].unitType() == UnitType.USER;
            }
        }
        this.hasSessionOwners = session;
        this.hasUserOwners = user;
        this.sessionOverrides = sessionOverrides;
        this.userOverrides = userOverrides;
    }

    public String id() {
        return id;
    }

    public int bucketCount() {
        return bucketCount;
    }

    public List<CompiledExperiment> experiments() {
        return List.of(experiments);
    }

    /** The experiment owning {@code bucket}, or {@code null}. */
    public CompiledExperiment ownerOf(int bucket) {
        short o = owner[bucket];
        return o < 0 ? null : experiments[o];
    }

    /** The hot path: the assignment from this layer, or {@code null} for none. */
    LayerOutcome.Assigned assign(AssignmentRequest request) {
        CompiledExperiment forced = forcedExperiment(request);
        if (forced != null && forced.assignable() && forced.targeting().matches(request.page(), request.attributes())) {
            String unit = request.unit(forced.unitType());
            return new LayerOutcome.Assigned(id, forced, forced.override(unit), forced.unitType(), unit,
                    Murmur3.bucket(prefix, unit, bucketCount),
                    -1, true);
        }
        CompiledExperiment chosen = null;
        String unit = null;
        int bucket = -1;
        String userId = request.userId();
        if (hasUserOwners && userId != null) {
            int b = Murmur3.bucket(prefix, userId, bucketCount);
            short o = owner[b];
            if (o >= 0 && experiments[o].unitType() == UnitType.USER) {
                chosen = experiments[o];
                unit = userId;
                bucket = b;
            }
        }
        if (chosen == null && hasSessionOwners) {
            int b = Murmur3.bucket(prefix, request.sessionId(), bucketCount);
            short o = owner[b];
            if (o >= 0 && experiments[o].unitType() == UnitType.SESSION) {
                chosen = experiments[o];
                unit = request.sessionId();
                bucket = b;
            }
        }
        if (chosen == null || !chosen.assignable()
                || !chosen.targeting().matches(request.page(), request.attributes())) {
            return null;
        }
        int slot = Murmur3.bucket(chosen.slotPrefix(), unit, chosen.slotCount());
        return new LayerOutcome.Assigned(id, chosen, chosen.treatmentOfSlot(slot), chosen.unitType(), unit, bucket,
                slot, false);
    }

    private CompiledExperiment forcedExperiment(AssignmentRequest request) {
        CompiledExperiment forced = sessionOverrides.isEmpty() ? null : sessionOverrides.get(request.sessionId());
        if (forced == null && request.userId() != null && !userOverrides.isEmpty()) {
            forced = userOverrides.get(request.userId());
        }
        return forced;
    }

    /** Every step of {@link #assign}, evaluated without short-cuts. */
    Explanation.LayerStep explain(AssignmentRequest request) {
        List<Explanation.UnitStep> units = new ArrayList<>(2);
        CompiledExperiment forced = forcedExperiment(request);
        boolean forcedApplies = forced != null && forced.assignable()
                && forced.targeting().matches(request.page(), request.attributes());
        CompiledExperiment chosen = null;
        String chosenUnit = null;
        int chosenBucket = -1;
        for (UnitType type : new UnitType[] {UnitType.USER, UnitType.SESSION}) {
            String unit = request.unit(type);
            if (unit == null) {
                continue;
            }
            int hash = Murmur3.hash(id, unit);
            int b = Murmur3.bucket(hash, bucketCount);
            CompiledExperiment o = ownerOf(b);
            // a QA override that applies decides the layer: then no bucket owner is used
            boolean used = !forcedApplies && chosen == null && o != null && o.unitType() == type;
            if (used) {
                chosen = o;
                chosenUnit = unit;
                chosenBucket = b;
            }
            units.add(new Explanation.UnitStep(type, unit, Integer.toUnsignedLong(hash), b,
                    o == null ? null : o.id(), o == null ? null : o.unitType(), used));
        }
        if (forcedApplies) {
            chosen = forced;
            chosenUnit = request.unit(forced.unitType());
            chosenBucket = Murmur3.bucket(id, chosenUnit, bucketCount);
        }
        if (chosen == null) {
            int sessionBucket = Murmur3.bucket(id, request.sessionId(), bucketCount);
            return new Explanation.LayerStep(id, bucketCount, units, forced == null ? null : forced.id(), null, null,
                    null, null, null, new LayerOutcome.Unowned(id, sessionBucket));
        }
        var targeting = chosen.targeting().explain(request.page(), request.attributes());
        LayerOutcome outcome;
        Explanation.SlotStep slotStep = null;
        if (!chosen.assignable()) {
            outcome = new LayerOutcome.NotRunning(id, chosen.id(), chosen.status());
        } else if (!targeting.matched()) {
            outcome = new LayerOutcome.NotEligible(id, chosen.id(), targeting.pageMatched());
        } else if (forcedApplies) {
            outcome = new LayerOutcome.Assigned(id, chosen, chosen.override(chosenUnit), chosen.unitType(),
                    chosenUnit, chosenBucket, -1, true);
        } else {
            int hash = Murmur3.hash(chosen.salt(), chosenUnit);
            int slot = Murmur3.bucket(hash, chosen.slotCount());
            Treatment treatment = chosen.treatmentOfSlot(slot);
            slotStep = new Explanation.SlotStep(chosen.salt(), chosenUnit, Integer.toUnsignedLong(hash),
                    chosen.slotCount(), slot, treatment.name());
            outcome = new LayerOutcome.Assigned(id, chosen, treatment, chosen.unitType(), chosenUnit,
                    chosenBucket, slot, false);
        }
        return new Explanation.LayerStep(id, bucketCount, units, forced == null ? null : forced.id(), chosen.id(),
                chosen.status(), chosen.unitType(), targeting, slotStep, outcome);
    }
}
