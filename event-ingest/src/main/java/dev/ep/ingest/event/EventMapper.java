package dev.ep.ingest.event;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.UnitType;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a decoded event into its row, validating it on the way. The only place that knows both the Avro classes and
 * the rows. Fields a record written before they existed carries as their Avro defaults ({@code UNKNOWN} unit type,
 * empty unit id or exposure key) become absent (null), so that a column is either a real value or NULL.
 */
public final class EventMapper {

    private EventMapper() {
    }

    /**
     * The row of a decoded value.
     *
     * @throws InvalidEventException when the event cannot be stored as it is (or is of an unexpected type)
     */
    public static EventRow toRow(Object value) {
        if (value instanceof AssignmentDecision decision) {
            return decision(decision);
        }
        if (value instanceof CoverageEvent coverage) {
            return coverage(coverage);
        }
        if (value instanceof TrackingEvent tracking) {
            return tracking(tracking);
        }
        throw new InvalidEventException(value == null
                ? "the record has no value (tombstone)"
                : "unexpected event type " + value.getClass().getName());
    }

    static DecisionRow decision(AssignmentDecision d) {
        List<DecisionRow.ExperimentRow> experiments = new ArrayList<>(d.getDecisions().size());
        int position = 0;
        for (ExperimentAssignment a : d.getDecisions()) {
            experiments.add(new DecisionRow.ExperimentRow(position++, a.getLayerId(), a.getExperimentId(),
                    a.getExperimentVersion(), a.getPhase(), a.getTreatment(), a.getBucket(), a.getSlot(),
                    a.getForced(), unitType(a.getUnitType()), absentIfEmpty(a.getUnitId())));
        }
        return new DecisionRow(d.getEventId(), d.getTime(), d.getSessionId(), d.getUserId(), d.getPage(),
                d.getAttributes(), d.getConfigVersion(), d.getHoldout(), unitType(d.getHoldoutUnitType()),
                d.getHoldoutUnitId(), d.getHoldoutBasisPoints(), experiments);
    }

    static CoverageRow coverage(CoverageEvent c) {
        return new CoverageRow(c.getEventId(), c.getTime(), c.getSessionId(), c.getUserId(), c.getLayerId(),
                c.getExperimentId(), c.getExperimentVersion(), c.getPhase(), c.getTreatment(), c.getSlot(),
                c.getForced(), c.getPage(), c.getConfigVersion(), unitType(c.getUnitType()),
                absentIfEmpty(c.getUnitId()), c.getBucket(), absentIfEmpty(c.getExposureKey()), c.getDecisionTime());
    }

    static TrackingRow tracking(TrackingEvent t) {
        return new TrackingRow(t.getEventId(), t.getTime(), t.getReceivedTime(), t.getSessionId(), t.getUserId(),
                t.getType() == null ? null : t.getType().name(), t.getName(), t.getPage(), t.getValue(),
                t.getCurrency(), t.getOrderId(), t.getProperties());
    }

    /** {@code UNKNOWN} (the default of records written before the field, or a symbol this reader lacks) is absent. */
    private static String unitType(UnitType type) {
        return type == null || type == UnitType.UNKNOWN ? null : type.name();
    }

    /** The empty default of a string field added later means the writer did not know the field. */
    private static String absentIfEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
