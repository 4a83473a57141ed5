package dev.ep.assignment.core;

import dev.ep.assignment.hashing.Murmur3;
import dev.ep.targeting.CompiledTargeting;
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
 * Deciding a request is O(layers): holdout → for each layer, the experiment owning the unit's bucket (or the one a
 * QA override names) → eligibility (pages, targeting rule) → the override's treatment or the treatment of the unit's
 * slot. Thread-safe; {@link #assign} allocates only its result.
 *
 * <p>Inconsistent input never fails compilation: overlapping bucket claims (the experiment with the smaller id keeps
 * the bucket), out-of-range buckets, slot maps that do not cover {@code [0, slotCount)} or name unknown treatments
 * (the experiment assigns nothing), overrides naming unknown treatments (ignored) and experiments of a layer that has
 * no layer record (an implicit 10,000-bucket layer) are listed in {@link #warnings()}.
 */
public final class CompiledConfig {

    /** No configuration at all: every request gets nothing. */
    public static final CompiledConfig EMPTY = compile(-1, List.of(), List.of(), null);

    private final long version;
    private final HoldoutDefinition holdout;
    private final Murmur3.Prefix holdoutPrefix;
    private final CompiledLayer[] layers;
    private final Map<String, CompiledExperiment> experiments;
    private final List<String> warnings;

    private CompiledConfig(long version, HoldoutDefinition holdout, CompiledLayer[] layers,
            Map<String, CompiledExperiment> experiments, List<String> warnings) {
        this.version = version;
        this.holdout = holdout != null && holdout.basisPoints() > 0 ? holdout : null;
        this.holdoutPrefix = this.holdout == null ? null : Murmur3.prefix(this.holdout.salt());
        this.layers = layers;
        this.experiments = experiments;
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

    public Collection<CompiledExperiment> experiments() {
        return experiments.values();
    }

    public List<String> warnings() {
        return warnings;
    }

    /** The hot path. */
    public Assignment assign(AssignmentRequest request) {
        HoldoutMembership membership = HoldoutMembership.none(request);
        if (holdout != null) {
            String unit = holdoutUnit(request);
            boolean member = Murmur3.bucket(holdoutPrefix, unit, HoldoutDefinition.BUCKETS) < holdout.basisPoints();
            membership = new HoldoutMembership(holdout.unitType(), unit, holdout.basisPoints(), member);
            if (member) {
                return new Assignment(version, membership, List.of());
            }
        }
        List<LayerOutcome.Assigned> assigned = null;
        for (CompiledLayer layer : layers) {
            LayerOutcome.Assigned a = layer.assign(request);
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

    /** Every step of {@link #assign} for one request. */
    public Explanation explain(AssignmentRequest request) {
        Explanation.HoldoutStep holdoutStep = null;
        if (holdout != null) {
            String unit = holdoutUnit(request);
            int hash = Murmur3.hash(holdout.salt(), unit);
            int bucket = Murmur3.bucket(hash, HoldoutDefinition.BUCKETS);
            holdoutStep = new Explanation.HoldoutStep(holdout.basisPoints(), holdout.salt(),
                    unit.equals(request.sessionId()) ? UnitType.SESSION : UnitType.USER, unit,
                    Integer.toUnsignedLong(hash), bucket, bucket < holdout.basisPoints());
        }
        List<Explanation.LayerStep> steps = new ArrayList<>();
        List<LayerOutcome.Assigned> assigned = new ArrayList<>();
        boolean heldOut = holdoutStep != null && holdoutStep.heldOut();
        if (!heldOut) {
            for (CompiledLayer layer : layers) {
                Explanation.LayerStep step = layer.explain(request);
                steps.add(step);
                if (step.outcome() instanceof LayerOutcome.Assigned a) {
                    assigned.add(a);
                }
            }
        }
        return new Explanation(version, request, holdoutStep, steps,
                new Assignment(version, holdoutStep == null ? HoldoutMembership.none(request)
                        : new HoldoutMembership(holdout.unitType(), holdoutStep.unitId(), holdout.basisPoints(), heldOut),
                        List.copyOf(assigned)), warnings);
    }

    /** The holdout hashes its unit type's id; a USER holdout falls back to the session id when there is no user. */
    private String holdoutUnit(AssignmentRequest request) {
        if (holdout.unitType() == UnitType.USER && request.userId() != null) {
            return request.userId();
        }
        return request.sessionId();
    }

    // ------------------------------------------------------------------------------------------------ compilation

    static CompiledConfig compile(long version, Collection<LayerDefinition> layerDefinitions,
            Collection<ExperimentDefinition> experimentDefinitions, HoldoutDefinition holdout) {
        List<String> warnings = new ArrayList<>();
        Map<String, LayerDefinition> layerById = new TreeMap<>();
        layerDefinitions.forEach(l -> layerById.put(l.id(), l));
        Map<String, List<ExperimentDefinition>> byLayer = new TreeMap<>();
        experimentDefinitions.stream().sorted(Comparator.comparing(ExperimentDefinition::id))
                .forEach(e -> byLayer.computeIfAbsent(e.layerId(), k -> new ArrayList<>()).add(e));
        byLayer.keySet().forEach(layerId -> {
            if (!layerById.containsKey(layerId)) {
                warnings.add("layer " + layerId + " has no layer record; using " + LayerDefinition.DEFAULT_BUCKETS
                        + " buckets");
                layerById.put(layerId, new LayerDefinition(layerId, LayerDefinition.DEFAULT_BUCKETS));
            }
        });
        Map<String, CompiledExperiment> experiments = new LinkedHashMap<>();
        List<CompiledLayer> layers = new ArrayList<>();
        for (LayerDefinition layer : layerById.values()) {
            List<ExperimentDefinition> defs = byLayer.getOrDefault(layer.id(), List.of());
            if (defs.size() > Short.MAX_VALUE) {
                throw new IllegalStateException("layer " + layer.id() + " has more than 32767 experiments");
            }
            CompiledExperiment[] compiled = new CompiledExperiment[defs.size()];
            short[] owner = new short[layer.bucketCount()];
            Arrays.fill(owner, (short) -1);
            Map<String, CompiledExperiment> sessionOverrides = new HashMap<>();
            Map<String, CompiledExperiment> userOverrides = new HashMap<>();
            for (int i = 0; i < compiled.length; i++) {
                CompiledExperiment e = compileExperiment(defs.get(i), warnings);
                compiled[i] = e;
                experiments.put(e.id(), e);
                claim(layer, owner, (short) i, e, compiled, warnings);
                Map<String, CompiledExperiment> overrides = e.unitType() == UnitType.USER ? userOverrides
                        : e.unitType() == UnitType.SESSION ? sessionOverrides : null;
                if (overrides != null && e.status() == Status.RUNNING) {
                    e.overrides().keySet().forEach(unit -> {
                        CompiledExperiment previous = overrides.putIfAbsent(unit, e);
                        if (previous != null) {
                            warnings.add("unit " + unit + " is overridden in both " + previous.id() + " and " + e.id()
                                    + " of layer " + layer.id() + "; " + previous.id() + " wins");
                        }
                    });
                }
            }
            layers.add(new CompiledLayer(layer.id(), layer.bucketCount(), owner, compiled, Map.copyOf(sessionOverrides),
                    Map.copyOf(userOverrides)));
        }
        return new CompiledConfig(version, holdout, layers.toArray(CompiledLayer[]::new),
                Collections.unmodifiableMap(experiments), List.copyOf(warnings));
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

    private static CompiledExperiment compileExperiment(ExperimentDefinition def, List<String> warnings) {
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
        return new CompiledExperiment(def, CompiledTargeting.compile(def.targeting()), treatments, table,
                Map.copyOf(overrides), valid);
    }
}
