package dev.ep.assignment.core;

import dev.ep.assignment.hashing.HashSpace;
import dev.ep.assignment.hashing.Murmur3;
import dev.ep.targeting.CompiledTargeting;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable configuration snapshot compiled for the hot path, swapped atomically when the configuration changes.
 * Deciding a request is O(layers): holdout membership (hashing only the holdout's unit type's id) → for each layer
 * not covered by the holdout (a held-out unit loses only the layers of the holdout's unit type), the experiment a QA
 * override names (or the one owning the bucket of the layer's unit) → eligibility (pages, targeting rule) → the
 * override's treatment or the treatment of the unit's slot. Every hash is in its own {@link HashSpace}. Thread-safe;
 * {@link #assign} allocates only its result.
 *
 * <p>Inconsistent input never fails compilation: overlapping bucket claims (the experiment with the smaller id keeps
 * the bucket), out-of-range buckets, slot maps that do not cover {@code [0, slotCount)} or name unknown treatments
 * (the experiment assigns nothing), overrides naming unknown treatments (ignored), experiments whose unit type is not
 * their layer's (they own no bucket and assign nothing), layers and holdouts of an unknown unit type (they assign,
 * or hold out, nothing) and experiments of a layer that has no layer record (an implicit 10,000-bucket SESSION layer)
 * are listed in {@link #warnings()}.
 */
public final class CompiledConfig {

    /** No configuration at all: every request gets nothing. */
    public static final CompiledConfig EMPTY = compile(-1, List.of(), List.of(), null);

    private final long version;
    private final HoldoutDefinition holdout;
    private final Murmur3.Prefix holdoutPrefix;
    private final HoldoutMembership withoutHoldoutUnit;
    private final CompiledLayer[] layers;
    private final Map<String, CompiledExperiment> experiments;
    private final int experimentCount;
    private final TargetingSet targetings;
    private final List<String> warnings;

    private CompiledConfig(long version, HoldoutDefinition holdout, CompiledLayer[] layers,
            Map<String, CompiledExperiment> experiments, int experimentCount, TargetingSet targetings,
            List<String> warnings) {
        this.version = version;
        this.experimentCount = experimentCount;
        this.holdout = holdout;
        this.holdoutPrefix = holdout == null ? null : HashSpace.HOLDOUT.prefix(holdout.salt());
        this.withoutHoldoutUnit = holdout == null ? HoldoutMembership.NONE
                : new HoldoutMembership(holdout.unitType(), null, holdout.basisPoints(), false);
        this.layers = layers;
        this.experiments = experiments;
        this.targetings = targetings;
        this.warnings = warnings;
    }

    /** Highest configuration sequence applied ({@code -1}: none). */
    public long version() {
        return version;
    }

    public List<CompiledLayer> layers() {
        return List.of(layers);
    }

    public CompiledExperiment experiment(String id) {
        return experiments.get(id);
    }

    /**
     * How many experiments were compiled into the snapshot: their {@link CompiledExperiment#ordinal() ordinals} are
     * {@code 0} to this - 1, one each.
     */
    public int experimentCount() {
        return experimentCount;
    }

    public Collection<CompiledExperiment> experiments() {
        return experiments.values();
    }

    /** The platform holdout, or {@code null} when none is configured. */
    public HoldoutDefinition holdout() {
        return holdout;
    }

    public List<String> warnings() {
        return warnings;
    }

    /**
     * The hot path. The request is compiled once ({@link RequestContext}): its page and attributes against the
     * snapshot's targetings (experiments with equal targeting share one evaluation per request), its unit ids to
     * UTF-8 for the hashes.
     */
    public Assignment assign(AssignmentRequest request) {
        RequestContext context = new RequestContext(request, targetings);
        HoldoutMembership membership = membership(request, context);
        List<LayerOutcome.Assigned> assigned = null;
        int next = layers.length == 0 ? -1 : layers[0].bucket(context);
        for (int i = 0; i < layers.length; i++) {
            CompiledLayer layer = layers[i];
            int bucket = next;
            // the next layer's bucket hash depends on nothing this layer decides: started before this layer's
            // decision (table reads, targeting, their branches), the CPU overlaps the two (a hash is pure, so one
            // computed for a layer the holdout then skips changes nothing)
            next = i + 1 < layers.length ? layers[i + 1].bucket(context) : -1;
            if (bucket < 0 || membership.covers(layer.unitType())) {
                continue;
            }
            LayerOutcome.Assigned a = layer.assign(context, bucket);
            if (a != null) {
                if (assigned == null) {
                    assigned = new ArrayList<>(layers.length);
                }
                assigned.add(a);
            }
        }
        return new Assignment(version, membership, assigned == null ? List.of()
                : Collections.unmodifiableList(assigned));
    }

    /**
     * Where the request stands with the holdout: only the id of the holdout's unit type is hashed, never another
     * (a request without one is not a member); {@link HoldoutMembership#NONE} without a holdout.
     */
    public HoldoutMembership membership(AssignmentRequest request) {
        return membership(request, null);
    }

    /** {@link #membership(AssignmentRequest)}, hashing the unit's bytes of {@code context} when there is one. */
    private HoldoutMembership membership(AssignmentRequest request, RequestContext context) {
        if (holdout == null) {
            return HoldoutMembership.NONE;
        }
        String unit = request.unit(holdout.unitType());
        if (unit == null) {
            return withoutHoldoutUnit;
        }
        int hash = context == null ? Murmur3.hash(holdoutPrefix, unit)
                : Murmur3.hash(holdoutPrefix, context.unit(holdout.unitType()));
        boolean member = Murmur3.bucket(hash, HoldoutDefinition.BUCKETS) < holdout.basisPoints();
        return new HoldoutMembership(holdout.unitType(), unit, holdout.basisPoints(), member);
    }

    /** Every step of {@link #assign} for one request, with the exact text of every hash input. */
    public Explanation explain(AssignmentRequest request) {
        HoldoutMembership membership = membership(request);
        Explanation.HoldoutStep holdoutStep = null;
        if (holdout != null) {
            String unit = membership.unitId();
            if (unit == null) {
                holdoutStep = new Explanation.HoldoutStep(holdout.basisPoints(), holdout.salt(), holdout.unitType(),
                        null, null, null, null, false);
            } else {
                int hash = Murmur3.hash(holdoutPrefix, unit);
                int bucket = Murmur3.bucket(hash, HoldoutDefinition.BUCKETS);
                holdoutStep = new Explanation.HoldoutStep(holdout.basisPoints(), holdout.salt(), holdout.unitType(),
                        unit, holdoutPrefix.input(unit), Integer.toUnsignedLong(hash), bucket, membership.member());
            }
        }
        List<Explanation.LayerStep> steps = new ArrayList<>();
        List<LayerOutcome.Assigned> assigned = new ArrayList<>();
        for (CompiledLayer layer : layers) {
            Explanation.LayerStep step = layer.explain(request, membership.covers(layer.unitType()));
            steps.add(step);
            if (step.outcome() instanceof LayerOutcome.Assigned a) {
                assigned.add(a);
            }
        }
        return new Explanation(version, request, holdoutStep, List.copyOf(steps),
                new Assignment(version, membership, List.copyOf(assigned)), warnings);
    }

    // ------------------------------------------------------------------------------------------------ compilation

    static CompiledConfig compile(long version, Collection<LayerDefinition> layerDefinitions,
            Collection<ExperimentDefinition> experimentDefinitions, HoldoutDefinition holdout) {
        List<String> warnings = new ArrayList<>();
        if (holdout != null && holdout.unitType() == UnitType.UNKNOWN) {
            warnings.add("the holdout has an unknown unit type; it holds out nobody");
        }
        Map<String, LayerDefinition> layerById = new TreeMap<>();
        layerDefinitions.forEach(l -> layerById.put(l.id(), l));
        Map<String, List<ExperimentDefinition>> byLayer = new TreeMap<>();
        experimentDefinitions.stream().sorted(Comparator.comparing(ExperimentDefinition::id))
                .forEach(e -> byLayer.computeIfAbsent(e.layerId(), k -> new ArrayList<>()).add(e));
        byLayer.keySet().forEach(layerId -> {
            if (!layerById.containsKey(layerId)) {
                warnings.add("layer " + layerId + " has no layer record; using " + LayerDefinition.DEFAULT_BUCKETS
                        + " buckets and unit type SESSION");
                layerById.put(layerId, new LayerDefinition(layerId, LayerDefinition.DEFAULT_BUCKETS,
                        UnitType.SESSION));
            }
        });
        Map<String, CompiledExperiment> experiments = new LinkedHashMap<>();
        List<CompiledLayer> layers = new ArrayList<>();
        Targetings targetings = new Targetings();
        int ordinals = 0;
        for (LayerDefinition layer : layerById.values()) {
            if (layer.unitType() == UnitType.UNKNOWN) {
                warnings.add("layer " + layer.id() + " has an unknown unit type; it assigns nothing");
            }
            List<ExperimentDefinition> defs = byLayer.getOrDefault(layer.id(), List.of());
            if (defs.size() > Short.MAX_VALUE) {
                throw new IllegalStateException("layer " + layer.id() + " has more than 32767 experiments");
            }
            CompiledExperiment[] compiled = new CompiledExperiment[defs.size()];
            short[] owner = new short[layer.bucketCount()];
            Arrays.fill(owner, (short) -1);
            Map<String, CompiledExperiment> overrides = new HashMap<>();
            for (int i = 0; i < compiled.length; i++) {
                CompiledExperiment e = compileExperiment(defs.get(i), ordinals++, layer.unitType(), targetings,
                        warnings);
                compiled[i] = e;
                experiments.put(e.id(), e);
                if (!e.unitMatchesLayer()) {
                    warnings.add("experiment " + e.id() + " has unit type " + e.unitType() + " but its layer "
                            + layer.id() + " has unit type " + layer.unitType()
                            + "; it owns no bucket and assigns nothing");
                    continue;
                }
                claim(layer, owner, (short) i, e, compiled, warnings);
                if (e.assignable()) {
                    e.overrides().keySet().forEach(unit -> {
                        CompiledExperiment previous = overrides.putIfAbsent(unit, e);
                        if (previous != null) {
                            warnings.add("unit " + unit + " is overridden in both " + previous.id() + " and " + e.id()
                                    + " of layer " + layer.id() + "; " + previous.id() + " wins");
                        }
                    });
                }
            }
            layers.add(new CompiledLayer(layer.id(), layer.unitType(), layer.bucketCount(), owner, compiled,
                    Map.copyOf(overrides)));
        }
        return new CompiledConfig(version, holdout, layers.toArray(CompiledLayer[]::new),
                Collections.unmodifiableMap(experiments), ordinals, targetings.set.build(), List.copyOf(warnings));
    }

    /** The snapshot's targetings: each distinct one compiled once (and numbered in one {@link TargetingSet}). */
    private static final class Targetings {
        private final TargetingSet.Builder set = TargetingSet.builder();
        private final Map<Targeting, CompiledTargeting> compiled = new HashMap<>();

        CompiledTargeting compiled(Targeting targeting) {
            return compiled.computeIfAbsent(targeting, CompiledTargeting::compile);
        }
    }

    private static void claim(LayerDefinition layer, short[] owner, short index, CompiledExperiment e,
            CompiledExperiment[] compiled, List<String> warnings) {
        for (BucketRange range : e.definition().buckets()) {
            int end = Math.min(range.end(), layer.bucketCount());
            if (end < range.end()) {
                warnings.add("experiment " + e.id() + " claims buckets [" + range.start() + ", " + range.end()
                        + ") beyond the layer's " + layer.bucketCount());
            }
            // one warning per pair of experiments, not per bucket (an overlap can be thousands of buckets)
            Map<Short, int[]> contested = new TreeMap<>(); // earlier owner -> {first bucket, count}
            for (int b = range.start(); b < end; b++) {
                if (owner[b] >= 0 && owner[b] != index) {
                    int[] c = contested.computeIfAbsent(owner[b], k -> new int[] {-1, 0});
                    c[0] = c[0] < 0 ? b : c[0];
                    c[1]++;
                } else {
                    owner[b] = index;
                }
            }
            contested.forEach((previous, c) -> warnings.add(c[1] + " bucket(s) of layer " + layer.id() + " from "
                    + c[0] + " on are claimed by both " + compiled[previous].id() + " and " + e.id() + "; "
                    + compiled[previous].id() + " keeps them"));
        }
    }

    private static CompiledExperiment compileExperiment(ExperimentDefinition def, int ordinal, UnitType layerUnitType,
            Targetings targetings, List<String> warnings) {
        List<TreatmentDefinition> defs = def.treatments();
        Treatment[] treatments = new Treatment[defs.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < treatments.length; i++) {
            TreatmentDefinition t = defs.get(i);
            treatments[i] = new Treatment(t.name(), t.control(), t.variables());
            index.putIfAbsent(t.name(), i);
        }
        byte[] table = new byte[def.slotCount()];
        Arrays.fill(table, (byte) -1);
        boolean valid = treatments.length > 0 && treatments.length <= Byte.MAX_VALUE;
        for (SlotRange range : def.slots()) {
            Integer t = index.get(range.treatment());
            if (t == null || range.end() > table.length) {
                valid = false;
                continue;
            }
            for (int s = range.start(); s < range.end(); s++) {
                valid &= table[s] == -1;
                table[s] = t.byteValue();
            }
        }
        for (byte b : table) {
            valid &= b >= 0;
        }
        if (!valid) {
            warnings.add("experiment " + def.id() + " has an invalid slot map (gaps, overlaps or unknown treatments); "
                    + "it assigns nothing");
            Arrays.fill(table, (byte) 0);
            if (treatments.length == 0) {
                treatments = new Treatment[] {new Treatment("none", true, "{}")};
            }
        }
        Map<String, Treatment> overrides = new HashMap<>();
        for (Map.Entry<String, String> o : def.overrides().entrySet()) {
            Integer t = index.get(o.getValue());
            if (t == null || !valid) {
                warnings.add("experiment " + def.id() + " overrides " + o.getKey() + " to unknown treatment "
                        + o.getValue());
            } else {
                overrides.put(o.getKey(), treatments[t]);
            }
        }
        return new CompiledExperiment(def, ordinal, targetings.compiled(def.targeting()),
                targetings.set.add(def.targeting()), treatments, table, Map.copyOf(overrides), valid, layerUnitType);
    }
}
