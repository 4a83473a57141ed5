package dev.ep.assignment.core;

/**
 * Where one request stands with the platform holdout, recorded on every decision whether or not anything was
 * assigned, so that the holdout can be analysed as intent-to-treat.
 *
 * @param unitType    the holdout's unit type (its own setting)
 * @param unitId      the id hashed for the holdout, or {@code null} when the request has no id of that type
 * @param basisPoints the holdout's share at decision time (0: no holdout)
 * @param member      the unit is held out: no layer of {@code unitType} assigns it
 */
public record HoldoutMembership(UnitType unitType, String unitId, int basisPoints, boolean member) {

    /** No holdout configured: nobody is a member. */
    public static HoldoutMembership none(AssignmentRequest request) {
        return new HoldoutMembership(UnitType.SESSION, request.sessionId(), 0, false);
    }
}
