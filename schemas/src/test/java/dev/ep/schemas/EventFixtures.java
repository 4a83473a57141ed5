package dev.ep.schemas;

import dev.ep.events.v1.AggregateType;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.ChangeType;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.ExperimentStatus;
import dev.ep.events.v1.LayerState;
import dev.ep.events.v1.Phase;
import dev.ep.events.v1.PhaseWeight;
import dev.ep.events.v1.Range;
import dev.ep.events.v1.SlotRange;
import dev.ep.events.v1.Targeting;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrafficStep;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.Treatment;
import dev.ep.events.v1.UnitType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One fully populated record of each event type, for serde and topic tests (also used by other modules' tests). */
public final class EventFixtures {

  public static final Instant TIME = Instant.parse("2026-11-26T10:15:30.123Z");

  private EventFixtures() {
  }

  public static AssignmentDecision assignmentDecision() {
    return AssignmentDecision.newBuilder()
        .setEventId("7d0a6c1e-3c8c-4e43-9a4a-1f1e2d3c4b5a")
        .setTime(TIME)
        .setSessionId("session-1")
        .setUserId("user-1")
        .setPage("/checkout")
        .setAttributes(Map.of("country", "DE", "cartValue", "4999"))
        .setConfigVersion(42L)
        .setHoldout(false)
        .setHoldoutUnitType(UnitType.USER)
        .setHoldoutUnitId("user-1")
        .setHoldoutBasisPoints(500)
        .setDecisions(List.of(
            ExperimentAssignment.newBuilder().setLayerId("default").setExperimentId("checkout-button")
                .setExperimentVersion(3).setPhase(2).setTreatment("green").setBucket(1234).setSlot(8765)
                .setForced(false).setUnitType(UnitType.SESSION).setUnitId("session-1").build(),
            ExperimentAssignment.newBuilder().setLayerId("search").setExperimentId("ranking")
                .setExperimentVersion(1).setPhase(1).setTreatment("control").setBucket(42).setSlot(null)
                .setForced(true).setUnitType(UnitType.USER).setUnitId("user-1").build()))
        .build();
  }

  public static CoverageEvent coverageEvent() {
    return CoverageEvent.newBuilder()
        .setEventId("c0ffee00-0000-4000-8000-000000000001")
        .setTime(TIME)
        .setSessionId("session-1")
        .setUserId(null)
        .setLayerId("default")
        .setExperimentId("checkout-button")
        .setExperimentVersion(3)
        .setPhase(2)
        .setTreatment("green")
        .setSlot(8765)
        .setForced(false)
        .setPage("/checkout")
        .setConfigVersion(42L)
        .setUnitType(UnitType.SESSION)
        .setUnitId("session-1")
        .setBucket(1234)
        .setExposureKey("checkout-button/2/SESSION/session-1")
        .setDecisionTime(TIME.minusMillis(40))
        .build();
  }

  public static TrackingEvent trackingEvent() {
    return TrackingEvent.newBuilder()
        .setEventId("client-event-1")
        .setTime(TIME)
        .setReceivedTime(TIME.plusMillis(250))
        .setSessionId("session-1")
        .setUserId("user-1")
        .setType(TrackingType.ORDER)
        .setName(null)
        .setPage("/thank-you")
        .setValue(12_999L)
        .setCurrency("EUR")
        .setOrderId("o-1")
        .setProperties(Map.of("coupon", "WINTER"))
        .build();
  }

  public static ExperimentSnapshot experimentSnapshot() {
    ExperimentState experiment = ExperimentState.newBuilder()
        .setId("checkout-button")
        .setName("Checkout button colour")
        .setHypothesis("A green button converts better")
        .setOwner("team-checkout")
        .setLayerId("default")
        .setUnitType(UnitType.SESSION)
        .setSalt("checkout-button")
        .setStatus(ExperimentStatus.RUNNING)
        .setPhase(2)
        .setTrafficBasisPoints(1500)
        .setBuckets(List.of(new Range(0, 1000), new Range(4000, 4500)))
        .setSlotCount(10_000)
        .setTreatments(List.of(
            Treatment.newBuilder().setName("control").setDescription(null).setControl(true)
                .setWeightBasisPoints(5000).setVariables("{}").build(),
            Treatment.newBuilder().setName("green").setDescription("Green button").setControl(false)
                .setWeightBasisPoints(5000).setVariables("{\"color\":\"#0a0\"}").build()))
        .setSlots(List.of(new SlotRange(0, 5000, "control"), new SlotRange(5000, 10_000, "green")))
        .setPhases(List.of(
            new Phase(1, TIME.minusSeconds(3600), List.of(),
                List.of(new PhaseWeight("control", 4000), new PhaseWeight("green", 6000)),
                List.of(new TrafficStep(TIME.minusSeconds(3600), 1000, true),
                    new TrafficStep(TIME.minusSeconds(1800), 1500, true))),
            new Phase(2, TIME, List.of(new Range(4000, 5000)),
                List.of(new PhaseWeight("control", 5000), new PhaseWeight("green", 5000)),
                List.of(new TrafficStep(TIME, 1500, true)))))
        .setTargeting(new Targeting(List.of("/checkout"), "{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}"))
        .setOverrides(Map.of("qa-session", "green"))
        .setPrimaryMetric("conversion")
        .setGuardrailMetrics(List.of("average_order_value"))
        .setCreatedAt(TIME.minusSeconds(7200))
        .setStoppedAt(null)
        .build();
    return ExperimentSnapshot.newBuilder()
        .setAggregateType(AggregateType.EXPERIMENT)
        .setAggregateId("checkout-button")
        .setSequence(42L)
        .setVersion(3)
        .setTime(TIME)
        .setDeleted(false)
        .setExperiment(experiment)
        .build();
  }

  public static ExperimentSnapshot layerSnapshot() {
    return ExperimentSnapshot.newBuilder()
        .setAggregateType(AggregateType.LAYER)
        .setAggregateId("default")
        .setSequence(1L)
        .setVersion(1)
        .setTime(TIME)
        .setLayer(new LayerState("default", "Default layer", null, 10_000, UnitType.SESSION))
        .build();
  }

  public static ExperimentChange experimentChange() {
    return ExperimentChange.newBuilder()
        .setSequence(42L)
        .setAggregateType(AggregateType.EXPERIMENT)
        .setAggregateId("checkout-button")
        .setVersion(3)
        .setChangeType(ChangeType.WEIGHTS_CHANGED)
        .setActor("alice")
        .setReason("rebalance after pilot")
        .setTime(TIME)
        .setPayload("{\"weights\":{\"control\":5000,\"green\":5000}}")
        .setHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
        .setPreviousHash("60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752")
        .build();
  }

  /** One record per event type, keyed by the topic that carries it. */
  public static Map<Topic<String, ?>, SpecificRecord> onePerTopic() {
    return Map.of(
        Topics.ASSIGNMENTS, assignmentDecision(),
        Topics.COVERAGE, coverageEvent(),
        Topics.EVENTS, trackingEvent(),
        Topics.CONFIG_EXPERIMENTS, experimentSnapshot(),
        Topics.CONFIG_CHANGES, experimentChange());
  }
}
