package dev.ep.reporting.stream;

import dev.ep.schemas.failure.DeadLetterReason;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.Activity;
import dev.ep.reporting.attribution.ActivityType;
import dev.ep.reporting.attribution.Coverage;
import dev.ep.reporting.attribution.Decision;
import dev.ep.reporting.attribution.UnitInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns decoded events into the inputs of the units they concern (key {@code unitType/unitId}; unit types have no
 * {@code /}, so the key is unambiguous although unit ids may contain one):
 * a coverage goes to its unit; a tracking event to its session unit and, with a user id, its user unit; a decision
 * to the unit of each experiment it assigned and to its holdout unit.
 */
final class InputMapper {

    private InputMapper() {
    }

    static String unitKey(UnitType type, String id) {
        return type.name() + "/" + id;
    }

    static Routed coverage(CoverageEvent e) {
        if (e.getUnitType() == UnitType.UNKNOWN || e.getUnitId().isEmpty()) {
            return invalid("coverage " + e.getEventId() + " has no unit (unitType " + e.getUnitType() + ")");
        }
        Coverage coverage = new Coverage(e.getExperimentId(), e.getPhase(), e.getTreatment(), e.getSlot(),
                e.getTime().toEpochMilli(), e.getForced(), e.getConfigVersion());
        return new Routed.ToUnits(List.of(new Routed.Keyed(unitKey(e.getUnitType(), e.getUnitId()), coverage)));
    }

    static Routed tracking(TrackingEvent e) {
        if (e.getValue() != null && e.getValue() < 0) {
            return invalid("tracking event " + e.getEventId() + " has a negative value");
        }
        if (e.getSessionId().isEmpty()) {
            return invalid("tracking event " + e.getEventId() + " has no session id");
        }
        Activity activity = new Activity(e.getEventId(), e.getReceivedTime().toEpochMilli(), type(e),
                e.getName(), e.getValue() == null ? 0 : e.getValue(), e.getOrderId());
        List<Routed.Keyed> inputs = new ArrayList<>();
        inputs.add(new Routed.Keyed(unitKey(UnitType.SESSION, e.getSessionId()), activity));
        if (e.getUserId() != null && !e.getUserId().isEmpty()) {
            inputs.add(new Routed.Keyed(unitKey(UnitType.USER, e.getUserId()), activity));
        }
        return new Routed.ToUnits(inputs);
    }

    /**
     * A decision's inputs, in two parts that go to two sub-topologies ({@link ReportingTopology}): per unit it
     * assigned, a decision with its assignments only (the sample-ratio check on assignment; {@link #holdoutPart} is
     * false), and for the holdout unit a decision with its holdout membership only (the holdout's intent-to-treat
     * comparison and the exclusion of held-out units, attributed with the unit's coverage and events). Applying the
     * two parts to two states gives the same arms as applying one decision with both: the assignment counts read
     * nothing but the assignments, the holdout rules nothing but the membership. Entries written before unit types
     * existed (UNKNOWN) cannot be attributed to a unit and are left out.
     */
    static Routed decision(AssignmentDecision d) {
        long time = d.getTime().toEpochMilli();
        Map<String, List<Decision.Assigned>> byUnit = new LinkedHashMap<>();
        for (ExperimentAssignment a : d.getDecisions()) {
            if (a.getUnitType() == UnitType.UNKNOWN || a.getUnitId().isEmpty()) {
                continue;
            }
            byUnit.computeIfAbsent(unitKey(a.getUnitType(), a.getUnitId()), k -> new ArrayList<>())
                    .add(new Decision.Assigned(a.getExperimentId(), a.getPhase(), a.getTreatment(), a.getForced()));
        }
        List<Routed.Keyed> inputs = new ArrayList<>();
        byUnit.forEach((unit, assigned) -> inputs.add(new Routed.Keyed(unit,
                new Decision(time, d.getConfigVersion(), assigned, null))));
        if (d.getHoldoutUnitId() != null && d.getHoldoutUnitType() != UnitType.UNKNOWN) {
            inputs.add(new Routed.Keyed(unitKey(d.getHoldoutUnitType(), d.getHoldoutUnitId()),
                    new Decision(time, d.getConfigVersion(), List.of(), d.getHoldout())));
        }
        return new Routed.ToUnits(inputs);
    }

    /** The holdout part of a decision (see {@link #decision}): attributed with the unit's exposures. */
    static boolean holdoutPart(UnitInput input) {
        return input instanceof Decision decision && decision.holdout() != null;
    }

    private static ActivityType type(TrackingEvent e) {
        return switch (e.getType()) {
            case PAGE_VIEW -> ActivityType.PAGE_VIEW;
            case ADD_TO_CART -> ActivityType.ADD_TO_CART;
            case CHECKOUT_STARTED -> ActivityType.CHECKOUT_STARTED;
            case ORDER -> ActivityType.ORDER;
            case CUSTOM -> ActivityType.CUSTOM;
            default -> ActivityType.OTHER;
        };
    }

    private static Routed invalid(String message) {
        return new Routed.Poison(DeadLetterReason.VALIDATION, new IllegalArgumentException(message));
    }
}
