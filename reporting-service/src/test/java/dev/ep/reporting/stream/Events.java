package dev.ep.reporting.stream;

import dev.ep.events.v1.AggregateType;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.ExperimentStatus;
import dev.ep.events.v1.MetricAggregation;
import dev.ep.events.v1.MetricState;
import dev.ep.events.v1.Phase;
import dev.ep.events.v1.PhaseWeight;
import dev.ep.events.v1.Range;
import dev.ep.events.v1.SlotRange;
import dev.ep.events.v1.Targeting;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.Treatment;
import dev.ep.events.v1.UnitType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Small builders of the input events, for the topology and integration tests. */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    private Events() {
    }

    public static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    public static CoverageEvent coverage(String experiment, int phase, String treatment, UnitType unitType,
                                         String unitId, String sessionId, int slot, long millis) {
        return CoverageEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTime(at(millis)).setSessionId(sessionId)
                .setLayerId("default").setExperimentId(experiment).setExperimentVersion(1).setPhase(phase)
                .setTreatment(treatment).setSlot(slot).setForced(false).setConfigVersion(10)
                .setUnitType(unitType).setUnitId(unitId)
                .setExposureKey(experiment + "/" + phase + "/" + unitType + "/" + unitId)
                .build();
    }

    public static CoverageEvent sessionCoverage(String experiment, String treatment, String session, long millis) {
        return coverage(experiment, 1, treatment, UnitType.SESSION, session, session, 100, millis);
    }

    public static CoverageEvent forced(CoverageEvent coverage) {
        return CoverageEvent.newBuilder(coverage).setForced(true).setSlot(null).build();
    }

    public static TrackingEvent event(String eventId, TrackingType type, String session, String user, long millis) {
        return TrackingEvent.newBuilder()
                .setEventId(eventId).setTime(at(millis)).setReceivedTime(at(millis)).setSessionId(session)
                .setUserId(user).setType(type).build();
    }

    public static TrackingEvent order(String eventId, String session, String user, long value, String orderId,
                                      long millis) {
        return TrackingEvent.newBuilder(event(eventId, TrackingType.ORDER, session, user, millis))
                .setValue(value).setCurrency("EUR").setOrderId(orderId).build();
    }

    public static TrackingEvent custom(String eventId, String name, String session, long millis) {
        return TrackingEvent.newBuilder(event(eventId, TrackingType.CUSTOM, session, null, millis))
                .setName(name).build();
    }

    public static AssignmentDecision decision(String session, String experiment, String treatment, boolean forced,
                                              Boolean heldOut, long millis) {
        AssignmentDecision.Builder d = AssignmentDecision.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setTime(at(millis)).setSessionId(session)
                .setConfigVersion(10).setHoldout(Boolean.TRUE.equals(heldOut)).setHoldoutUnitType(UnitType.SESSION)
                .setHoldoutUnitId(heldOut == null ? null : session).setHoldoutBasisPoints(heldOut == null ? 0 : 1000)
                .setDecisions(experiment == null ? List.of() : List.of(ExperimentAssignment.newBuilder()
                        .setLayerId("default").setExperimentId(experiment).setExperimentVersion(1).setPhase(1)
                        .setTreatment(treatment).setBucket(1).setSlot(forced ? null : 100).setForced(forced)
                        .setUnitType(UnitType.SESSION).setUnitId(session).build()));
        return d.build();
    }

    /**
     * A running experiment with treatments control/treatment; phase 1 from T0 (50/50); with {@code phase2At}, a
     * phase 2 (20/80) from then that moved slots [0, 3000).
     */
    public static ExperimentSnapshot experiment(String id, UnitType unitType, Long phase2At) {
        List<Phase> phases = phase2At == null
                ? List.of(phase(1, 0, List.of(), 5000))
                : List.of(phase(1, 0, List.of(), 5000), phase(2, phase2At, List.of(new Range(0, 3000)), 2000));
        int current = phases.size();
        int controlWeight = current == 1 ? 5000 : 2000;
        ExperimentState state = ExperimentState.newBuilder()
                .setId(id).setName(id).setOwner("team").setLayerId("default").setUnitType(unitType).setSalt(id)
                .setStatus(ExperimentStatus.RUNNING).setPhase(current).setTrafficBasisPoints(10_000)
                .setBuckets(List.of(new Range(0, 10_000))).setSlotCount(10_000)
                .setTreatments(List.of(
                        Treatment.newBuilder().setName("control").setControl(true).setWeightBasisPoints(controlWeight)
                                .setVariables("{}").build(),
                        Treatment.newBuilder().setName("treatment").setControl(false)
                                .setWeightBasisPoints(10_000 - controlWeight).setVariables("{}").build()))
                .setSlots(List.of(new SlotRange(0, controlWeight, "control"),
                        new SlotRange(controlWeight, 10_000, "treatment")))
                .setPhases(phases)
                .setTargeting(new Targeting(List.of(), null))
                .setOverrides(Map.of())
                .setPrimaryMetric("conversion")
                .setGuardrailMetrics(List.of("average_order_value"))
                .setCreatedAt(T0)
                .build();
        return ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.EXPERIMENT).setAggregateId(id)
                .setSequence(5).setVersion(current).setTime(T0).setExperiment(state).build();
    }

    private static Phase phase(int number, long millis, List<Range> changed, int controlWeight) {
        return new Phase(number, at(millis), changed,
                List.of(new PhaseWeight("control", controlWeight), new PhaseWeight("treatment", 10_000 - controlWeight)),
                List.of());
    }

    public static ExperimentSnapshot customMetric(String name, String eventName, MetricAggregation aggregation) {
        return ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.METRIC).setAggregateId(name)
                .setSequence(6).setVersion(1).setTime(T0)
                .setMetric(MetricState.newBuilder().setName(name).setEventName(eventName).setAggregation(aggregation)
                        .build()).build();
    }

    /** A metric's snapshot with its analysis settings: a custom one, or a built-in one when {@code eventName} is null. */
    public static ExperimentSnapshot metricSettings(String name, String eventName, MetricAggregation aggregation,
                                                    Double tau2, dev.ep.events.v1.HarmDirection harmDirection) {
        boolean builtIn = eventName == null;
        return ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.METRIC).setAggregateId(name)
                .setSequence(7).setVersion(2).setTime(T0)
                .setMetric(MetricState.newBuilder().setName(name).setEventName(builtIn ? "" : eventName)
                        .setAggregation(builtIn ? MetricAggregation.UNKNOWN : aggregation).setBuiltIn(builtIn)
                        .setTau2(tau2).setHarmDirection(harmDirection).build()).build();
    }
}
