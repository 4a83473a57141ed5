package dev.ep.ingest;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.schemas.AvroTrust;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Small builders of the three input events, every field set (experiment {@code exp-button} is of SESSION unit, its
 * exposure key {@code exp-button/1/SESSION/<session>}; {@code exp-price} is of USER unit, hashing {@code user-1}).
 */
public final class EventFixtures {

    static {
        AvroTrust.install(); // builders copying a record use Avro's class loading
    }

    private EventFixtures() {
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    public static AssignmentDecision decision(String sessionId, Instant time) {
        return AssignmentDecision.newBuilder()
                .setEventId(id())
                .setTime(time)
                .setSessionId(sessionId)
                .setUserId("user-1")
                .setPage("/checkout")
                .setAttributes(Map.of("country", "DE", "device", "mobile"))
                .setConfigVersion(42)
                .setHoldout(false)
                .setHoldoutUnitType(UnitType.USER)
                .setHoldoutUnitId("user-1")
                .setHoldoutBasisPoints(500)
                .setDecisions(List.of(
                        ExperimentAssignment.newBuilder().setLayerId("layer-a").setExperimentId("exp-button")
                                .setExperimentVersion(3).setPhase(1).setTreatment("green").setBucket(1234)
                                .setSlot(5678).setForced(false).setUnitType(UnitType.SESSION)
                                .setUnitId(sessionId).build(),
                        ExperimentAssignment.newBuilder().setLayerId("layer-b").setExperimentId("exp-price")
                                .setExperimentVersion(1).setPhase(0).setTreatment("control").setBucket(17)
                                .setSlot(null).setForced(true).setUnitType(UnitType.USER).setUnitId("user-1")
                                .build()))
                .build();
    }

    public static CoverageEvent coverage(String sessionId, Instant time) {
        return CoverageEvent.newBuilder()
                .setEventId(id())
                .setTime(time)
                .setSessionId(sessionId)
                .setUserId("user-1")
                .setLayerId("layer-a")
                .setExperimentId("exp-button")
                .setExperimentVersion(3)
                .setPhase(1)
                .setTreatment("green")
                .setSlot(5678)
                .setForced(false)
                .setPage("/checkout")
                .setConfigVersion(42)
                .setUnitType(UnitType.SESSION)
                .setUnitId(sessionId)
                .setBucket(1234)
                .setExposureKey("exp-button/1/SESSION/" + sessionId)
                .setDecisionTime(time.minusMillis(50))
                .build();
    }

    public static TrackingEvent order(String sessionId, Instant time, long valueMinor) {
        return TrackingEvent.newBuilder()
                .setEventId(id())
                .setTime(time)
                .setReceivedTime(time.plusMillis(25))
                .setSessionId(sessionId)
                .setUserId("user-1")
                .setType(TrackingType.ORDER)
                .setName(null)
                .setPage("/thank-you")
                .setValue(valueMinor)
                .setCurrency("EUR")
                .setOrderId("o-" + id())
                .setProperties(Map.of("sku", "p-1", "note", "tab\there \"quoted\" \\ back\nslash"))
                .build();
    }

    public static TrackingEvent custom(String sessionId, Instant time, String name) {
        return TrackingEvent.newBuilder(order(sessionId, time, 0))
                .setEventId(id())
                .setType(TrackingType.CUSTOM)
                .setName(name)
                .setValue(null)
                .setCurrency(null)
                .setOrderId(null)
                .setProperties(Map.of())
                .build();
    }

    /** The decision as a writer before issue 8 wrote it: the new fields at their Avro defaults. */
    public static AssignmentDecision legacyDecision(String sessionId, Instant time) {
        AssignmentDecision d = decision(sessionId, time);
        return AssignmentDecision.newBuilder(d).clearHoldoutUnitId().setHoldoutUnitType(UnitType.SESSION)
                .setHoldoutBasisPoints(0)
                .setDecisions(d.getDecisions().stream().map(a -> ExperimentAssignment.newBuilder(a)
                        .setUnitType(UnitType.UNKNOWN).setUnitId("").build()).toList())
                .build();
    }

    /** The coverage as a writer before issue 8 wrote it: the new fields at their Avro defaults. */
    public static CoverageEvent legacyCoverage(String sessionId, Instant time) {
        return CoverageEvent.newBuilder(coverage(sessionId, time)).setUnitType(UnitType.UNKNOWN).setUnitId("")
                .clearBucket().setExposureKey("").clearDecisionTime().build();
    }
}
