package dev.ep.reporting.attribution;

import java.util.List;
import java.util.Map;

/**
 * Everything kept about one unit: its exposures per experiment, its recent tracking events (deduplicated, kept
 * window + grace for exposures that are still open or still to arrive), the experiment phases it was assigned in
 * (for the sample-ratio check on assignment) and whether it is held out.
 *
 * @param clock the latest stream time the state was advanced to
 * @param assigned {@code experimentId/phase} -> time of the unit's first decision there
 */
public record UnitState(long clock, Map<String, Exposure> exposures, List<Activity> events,
                        Map<String, Long> assigned, boolean heldOut) {

    public static final UnitState EMPTY = new UnitState(Long.MIN_VALUE, Map.of(), List.of(), Map.of(), false);

    public UnitState {
        exposures = Map.copyOf(exposures);
        events = List.copyOf(events);
        assigned = Map.copyOf(assigned);
    }

    public boolean isEmpty() {
        return exposures.isEmpty() && events.isEmpty() && assigned.isEmpty();
    }
}
