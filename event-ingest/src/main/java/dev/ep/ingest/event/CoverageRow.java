package dev.ep.ingest.event;

import java.time.Instant;

/**
 * A confirmed exposure (table {@code coverage}).
 *
 * @param unitType the unit hashed for the experiment ({@code SESSION} or {@code USER}); null when unknown (a record
 *     written before the field existed)
 * @param unitId the id that was hashed, i.e. the unit exposed; null in records written before the field existed
 * @param bucket the unit's bucket in the layer, when the writer sent it
 * @param exposureKey {@code experimentId/phase/unitType/unitId}: reporting counts the first coverage per key (by
 *     {@code time}); null in records written before the field existed
 * @param decisionTime server time of the assignment confirmed, when the storefront presented an exposure token
 */
public record CoverageRow(
        String eventId,
        Instant time,
        String sessionId,
        String userId,
        String layerId,
        String experimentId,
        int experimentVersion,
        int phase,
        String treatment,
        Integer slot,
        boolean forced,
        String page,
        long configVersion,
        String unitType,
        String unitId,
        Integer bucket,
        String exposureKey,
        Instant decisionTime) implements EventRow {

    public CoverageRow {
        eventId = Checks.id("eventId", eventId);
        time = Checks.time("time", time);
        sessionId = Checks.unitId("sessionId", sessionId);
        userId = Checks.optionalUnitId("userId", userId);
        layerId = Checks.id("layerId", layerId);
        experimentId = Checks.id("experimentId", experimentId);
        treatment = Checks.id("treatment", treatment);
        if (slot != null) {
            Checks.nonNegative("slot", slot);
        }
        page = Checks.optionalText("page", page);
        unitType = Checks.unitType("unitType", unitType);
        unitId = Checks.optionalUnitId("unitId", unitId);
        Checks.unitIdOfType("unitType", unitType, "unitId", unitId);
        if (bucket != null) {
            Checks.nonNegative("bucket", bucket);
        }
        exposureKey = Checks.exposureKey(exposureKey, experimentId, phase, unitType, unitId);
        decisionTime = Checks.optionalTime("decisionTime", decisionTime);
    }
}
