package dev.ep.config.relay;

import java.util.ArrayList;
import java.util.List;

import dev.ep.config.allocation.Range;
import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Phase;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.config.slot.SlotMap;
import dev.ep.config.store.StoredEvent;
import dev.ep.events.v1.AggregateType;
import dev.ep.events.v1.ChangeType;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.HoldoutState;
import dev.ep.events.v1.LayerState;
import dev.ep.events.v1.MetricAggregation;
import dev.ep.events.v1.MetricState;
import dev.ep.events.v1.PhaseWeight;
import dev.ep.events.v1.TrafficStep;
import dev.ep.events.v1.UnitType;
import dev.ep.targeting.Rule;
import dev.ep.targeting.TargetingWriter;

/**
 * Core types to the published Avro records, at the edge: an empty optional text is {@code null}, the always-true
 * rule ({@code {"all":[]}}) is a {@code null} rule, slot ranges name their treatment, versions are ints. Layers and
 * the holdout publish their unit ({@code unitType}); phases their weights, traffic steps and end.
 */
final class AvroMapping {

    private AvroMapping() {
    }

    static ExperimentChange change(StoredEvent e) {
        return ExperimentChange.newBuilder()
                .setSequence(e.sequence())
                .setAggregateType(AggregateType.valueOf(e.aggregate().type().name()))
                .setAggregateId(e.aggregate().id())
                .setVersion(e.version())
                .setChangeType(ChangeType.valueOf(e.type()))
                .setActor(e.actor())
                .setReason(e.reason().orElse(null))
                .setTime(e.time())
                .setPayload(e.payload())
                .setHash(e.hash())
                .setPreviousHash(e.previousHash().orElse(null))
                .build();
    }

    /** The full state of the event's aggregate in {@code state} (the fold up to and including the event). */
    static ExperimentSnapshot snapshot(ConfigState state, StoredEvent e) {
        AggregateRef ref = e.aggregate();
        ExperimentSnapshot.Builder b = ExperimentSnapshot.newBuilder()
                .setAggregateType(AggregateType.valueOf(ref.type().name()))
                .setAggregateId(ref.id())
                .setSequence(e.sequence())
                .setVersion(e.version())
                .setTime(e.time())
                .setDeleted(false);
        switch (ref.type()) {
            case EXPERIMENT -> b.setExperiment(experiment(state.experiments().get(new ExperimentId(ref.id()))));
            case LAYER -> b.setLayer(layer(state.layers().get(new LayerId(ref.id()))));
            case HOLDOUT -> b.setHoldout(holdout(state.holdout()));
            case METRIC -> b.setMetric(metric(state, new MetricName(ref.id())));
        }
        return b.build();
    }

    static ExperimentState experiment(Experiment x) {
        ExperimentDefinition d = x.definition();
        List<dev.ep.config.experiment.Treatment> treatments = d.treatments().list();
        List<dev.ep.events.v1.Treatment> avroTreatments = new ArrayList<>();
        for (dev.ep.config.experiment.Treatment t : treatments) {
            avroTreatments.add(dev.ep.events.v1.Treatment.newBuilder()
                    .setName(t.name())
                    .setDescription(text(t.description()))
                    .setControl(t.control())
                    .setWeightBasisPoints(t.weightBasisPoints())
                    .setVariables(t.variables().json())
                    .build());
        }
        List<dev.ep.events.v1.SlotRange> slots = x.slots().ranges().stream()
                .map(r -> new dev.ep.events.v1.SlotRange(r.start(), r.end(), treatments.get(r.treatment()).name()))
                .toList();
        List<dev.ep.events.v1.Phase> phases = x.phases().stream().map(AvroMapping::phase).toList();
        Rule rule = d.targeting().rule();
        return ExperimentState.newBuilder()
                .setId(d.id().value())
                .setName(d.name())
                .setHypothesis(text(d.hypothesis()))
                .setOwner(d.owner())
                .setLayerId(d.layer().value())
                .setUnitType(unitType(d.unit()))
                .setSalt(d.salt().value())
                .setStatus(dev.ep.events.v1.ExperimentStatus.valueOf(x.status().name()))
                .setPhase(x.phase())
                .setTrafficBasisPoints(x.trafficBasisPoints())
                .setBuckets(ranges(x.allocation().ranges()))
                .setSlotCount(SlotMap.SLOTS)
                .setTreatments(avroTreatments)
                .setSlots(slots)
                .setPhases(phases)
                .setTargeting(new dev.ep.events.v1.Targeting(d.targeting().pages(),
                        rule.equals(Rule.ALWAYS) ? null : TargetingWriter.write(rule)))
                .setOverrides(new java.util.LinkedHashMap<>(d.overrides().byUnit()))
                .setPrimaryMetric(d.primaryMetric().map(MetricName::value).orElse(null))
                .setGuardrailMetrics(d.guardrailMetrics().stream().map(MetricName::value).toList())
                .setAutoPause(d.autoPause())
                .setCreatedAt(x.createdAt())
                .setStoppedAt(x.stoppedAt().orElse(null))
                .build();
    }

    /**
     * A phase with everything a sample-ratio check of it needs from the snapshot alone: its weights (the expected
     * split) and its traffic steps. It ends where the next phase starts, or at the experiment's {@code stoppedAt}
     * (not a per-phase field: a nullable timestamp inside an array breaks Avro's generated equals/hashCode).
     */
    static dev.ep.events.v1.Phase phase(Phase p) {
        return dev.ep.events.v1.Phase.newBuilder()
                .setNumber(p.number())
                .setStartedAt(p.startedAt())
                .setChangedSlots(ranges(p.changedSlots()))
                .setWeights(p.weights().stream().map(w -> new PhaseWeight(w.treatment(), w.weightBasisPoints()))
                        .toList())
                .setTraffic(p.traffic().stream().map(t -> new TrafficStep(t.from(), t.trafficBasisPoints(),
                        t.assigning())).toList())
                .build();
    }

    static LayerState layer(Layer l) {
        return LayerState.newBuilder().setId(l.id().value()).setName(l.name()).setDescription(text(l.description()))
                .setBucketCount(Layer.BUCKETS).setUnitType(unitType(l.unit())).build();
    }

    static HoldoutState holdout(Holdout h) {
        return HoldoutState.newBuilder().setBasisPoints(h.basisPoints()).setSalt(h.salt())
                .setUnitType(unitType(h.unit())).build();
    }

    private static UnitType unitType(AssignmentUnit unit) {
        return UnitType.valueOf(unit.name());
    }

    static MetricState metric(CustomMetric m) {
        return metric(m, MetricSettings.DEFAULT);
    }

    static MetricState metric(CustomMetric m, MetricSettings settings) {
        return settings(MetricState.newBuilder().setName(m.name().value()).setDescription(text(m.description()))
                .setEventName(m.eventName()).setAggregation(MetricAggregation.valueOf(m.aggregation().name())),
                settings).build();
    }

    /**
     * A custom metric with its settings, or a built-in one (published once its settings changed): name, builtIn,
     * empty event name, UNKNOWN aggregation, so a reader that predates built-in records skips it.
     */
    static MetricState metric(ConfigState state, MetricName name) {
        CustomMetric custom = state.customMetrics().get(name);
        if (custom != null) {
            return metric(custom, state.metricSettings(name));
        }
        return settings(MetricState.newBuilder().setName(name.value()).setDescription(null).setEventName("")
                .setAggregation(MetricAggregation.UNKNOWN).setBuiltIn(true), state.metricSettings(name)).build();
    }

    private static MetricState.Builder settings(MetricState.Builder b, MetricSettings s) {
        return b.setTau2(s.tau2().isPresent() ? s.tau2().getAsDouble() : null)
                .setHarmDirection(dev.ep.events.v1.HarmDirection.valueOf(s.harmDirection().name()));
    }

    private static List<dev.ep.events.v1.Range> ranges(List<Range> ranges) {
        return ranges.stream().map(r -> new dev.ep.events.v1.Range(r.start(), r.end())).toList();
    }

    private static String text(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
