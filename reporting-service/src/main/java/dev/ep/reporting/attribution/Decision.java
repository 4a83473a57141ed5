package dev.ep.reporting.attribution;

import java.util.List;

/**
 * The part of one assignment decision that concerns this unit: the experiments it was assigned to (as their unit),
 * and, when this unit is the decision's holdout unit, its holdout membership.
 *
 * @param holdout null when this unit is not the decision's holdout unit (or no holdout is configured)
 */
public record Decision(long time, long configVersion, List<Assigned> assignments, Boolean holdout)
        implements UnitInput {

    public Decision {
        assignments = List.copyOf(assignments);
    }

    /** One experiment the decision assigned to this unit. */
    public record Assigned(String experimentId, int phase, String treatment, boolean forced) {
    }
}
