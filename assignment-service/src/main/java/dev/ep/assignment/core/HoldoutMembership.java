package dev.ep.assignment.core;

/**
 * Where one request stands with the platform holdout, recorded on every decision whether or not anything was
 * assigned, so that the holdout can be analysed as intent-to-treat.
 *
 * @param unitType    the holdout's unit type (its own setting; {@link UnitType#SESSION} when there is no holdout)
 * @param unitId      the id hashed for the holdout, or {@code null} when nothing was hashed: no holdout, or the
 *                    request has no id of that type (an anonymous request under a USER holdout)
 * @param basisPoints the holdout's share at decision time (0: no holdout)
 * @param member      the unit is held out: no layer of {@code unitType} assigns it (layers of the other unit type
 *                    still do)
 */
public record HoldoutMembership(UnitType unitType, String unitId, int basisPoints, boolean member) {

    /** No holdout configured: nothing hashed, nobody a member. */
    public static final HoldoutMembership NONE = new HoldoutMembership(UnitType.SESSION, null, 0, false);

    /** The holdout keeps this request out of the layers of {@code layerUnitType}. */
    public boolean covers(UnitType layerUnitType) {
        return member && unitType == layerUnitType;
    }
}
