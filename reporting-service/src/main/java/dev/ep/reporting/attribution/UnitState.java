package dev.ep.reporting.attribution;

import java.util.List;
import java.util.Map;

/**
 * Everything kept about one unit: its exposures per experiment, its recent tracking events (deduplicated, kept
 * window + grace for exposures that are still open or still to arrive), the experiment phases it was assigned in
 * (for the sample-ratio check on assignment), whether it is held out, and, for a user, its daily history (the CUPED
 * pre-period of USER experiments).
 *
 * @param clock the latest stream time the state was advanced to
 * @param assigned {@code experimentId/phase} -> time of the unit's first decision there
 * @param kind session or user (null in state written before the field: a session)
 * @param history a user's daily totals; always empty for a session
 */
public record UnitState(long clock, Map<String, Exposure> exposures, List<Activity> events,
                        Map<String, Long> assigned, boolean heldOut, UnitKind kind, ActivityHistory history) {

    public static final UnitState EMPTY = empty(UnitKind.SESSION);

    public UnitState {
        exposures = Map.copyOf(exposures);
        events = List.copyOf(events);
        assigned = Map.copyOf(assigned);
        kind = kind == null ? UnitKind.SESSION : kind;
        history = history == null ? ActivityHistory.EMPTY : history;
    }

    /** A new unit of this kind. */
    public static UnitState empty(UnitKind kind) {
        return new UnitState(Long.MIN_VALUE, Map.of(), List.of(), Map.of(), false, kind, ActivityHistory.EMPTY);
    }

    /** True when {@code other} keeps the same things, whatever stream time either was advanced to. */
    public boolean sameApartFromClock(UnitState other) {
        return other != null && heldOut == other.heldOut && kind == other.kind && exposures.equals(other.exposures)
                && events.equals(other.events) && assigned.equals(other.assigned) && history.equals(other.history);
    }

    public boolean isEmpty() {
        return exposures.isEmpty() && events.isEmpty() && assigned.isEmpty() && history.isEmpty();
    }
}
