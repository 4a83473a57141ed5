package dev.ep.ingest.bench;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * The benchmark's event mix, shaped like storefront traffic: per 20 events, 5 assignment decisions (two experiments
 * each), 3 coverage events and 12 tracking events (8 page views, 2 add-to-cart, 1 checkout, 1 order), over 100,000
 * sessions.
 */
final class BenchEvents {

    static final int SESSIONS = 100_000;

    /** Which topic an event goes to. */
    enum Kind { DECISION, COVERAGE, TRACKING }

    record Event(Kind kind, String sessionId, SpecificRecord value) {
    }

    private BenchEvents() {
    }

    static Event event(long i, Instant time) {
        String session = "bench-" + (i * 7919 % SESSIONS);
        int slot = (int) (i % 20);
        String id = UUID.randomUUID().toString();
        if (slot < 5) {
            return new Event(Kind.DECISION, session, AssignmentDecision.newBuilder().setEventId(id).setTime(time)
                    .setSessionId(session).setUserId(null).setPage("/product/" + (i % 500))
                    .setAttributes(Map.of("country", "DE", "device", slot % 2 == 0 ? "mobile" : "desktop"))
                    .setConfigVersion(1_234).setHoldout(false).setHoldoutUnitType(UnitType.SESSION)
                    .setHoldoutUnitId(session).setHoldoutBasisPoints(500)
                    .setDecisions(List.of(
                            assignment("layer-checkout", "exp-checkout-button", (int) (i % 2 == 0 ? 0 : 1), i,
                                    session),
                            assignment("layer-search", "exp-search-ranking", (int) (i % 3), i, session)))
                    .build());
        }
        if (slot < 8) {
            return new Event(Kind.COVERAGE, session, CoverageEvent.newBuilder().setEventId(id).setTime(time)
                    .setSessionId(session).setUserId(null).setLayerId("layer-checkout")
                    .setExperimentId("exp-checkout-button").setExperimentVersion(3).setPhase(1)
                    .setTreatment(i % 2 == 0 ? "control" : "green").setSlot((int) (i % 10_000)).setForced(false)
                    .setPage("/checkout").setConfigVersion(1_234).setUnitType(UnitType.SESSION).setUnitId(session)
                    .setBucket((int) (i % 10_000)).setExposureKey("exp-checkout-button/1/SESSION/" + session)
                    .build());
        }
        TrackingType type = slot < 16 ? TrackingType.PAGE_VIEW : slot < 18 ? TrackingType.ADD_TO_CART
                : slot < 19 ? TrackingType.CHECKOUT_STARTED : TrackingType.ORDER;
        TrackingEvent.Builder tracking = TrackingEvent.newBuilder().setEventId(id).setTime(time)
                .setReceivedTime(time).setSessionId(session).setUserId(null).setType(type).setName(null)
                .setPage("/product/" + (i % 500)).setValue(null).setCurrency(null).setProperties(Map.of());
        if (type == TrackingType.ORDER) {
            tracking.setValue(1_000 + i % 50_000).setCurrency("EUR").setOrderId("o-" + i);
        } else if (type == TrackingType.ADD_TO_CART) {
            tracking.setProperties(Map.of("productId", "p-" + (i % 500)));
        }
        return new Event(Kind.TRACKING, session, tracking.build());
    }

    private static ExperimentAssignment assignment(String layer, String experiment, int treatment, long i,
                                                   String session) {
        return ExperimentAssignment.newBuilder().setLayerId(layer).setExperimentId(experiment)
                .setExperimentVersion(3).setPhase(1).setTreatment(treatment == 0 ? "control" : "t" + treatment)
                .setBucket((int) (i % 10_000)).setSlot((int) (i * 31 % 10_000)).setForced(false)
                .setUnitType(UnitType.SESSION).setUnitId(session).build();
    }
}
