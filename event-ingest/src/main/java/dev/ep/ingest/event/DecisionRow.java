package dev.ep.ingest.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An assignment decision (table {@code decisions}) with its per-experiment decisions ({@code decision_experiments}).
 *
 * @param holdout whether the holdout unit is held out (membership), written on every decision
 * @param holdoutUnitType the holdout's unit type ({@code SESSION} or {@code USER}); null when unknown
 * @param holdoutUnitId the id hashed for the holdout; null when the request had none of that type (then not a member)
 * @param holdoutBasisPoints the holdout's share at decision time, 0 to 10,000 (0 also in records written before the
 *     field existed)
 */
public record DecisionRow(
        String eventId,
        Instant time,
        String sessionId,
        String userId,
        String page,
        Map<String, String> attributes,
        long configVersion,
        boolean holdout,
        String holdoutUnitType,
        String holdoutUnitId,
        int holdoutBasisPoints,
        List<ExperimentRow> experiments) implements EventRow {

    public DecisionRow {
        eventId = Checks.id("eventId", eventId);
        time = Checks.time("time", time);
        sessionId = Checks.unitId("sessionId", sessionId);
        userId = Checks.optionalUnitId("userId", userId);
        page = Checks.optionalText("page", page);
        attributes = Checks.map("attributes", attributes);
        holdoutUnitType = Checks.unitType("holdoutUnitType", holdoutUnitType);
        holdoutUnitId = Checks.optionalUnitId("holdoutUnitId", holdoutUnitId);
        Checks.basisPoints("holdoutBasisPoints", holdoutBasisPoints);
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
        if (experiments.size() > Short.MAX_VALUE) {
            throw new InvalidEventException("decisions has more than " + Short.MAX_VALUE + " entries");
        }
    }

    /**
     * One entry of {@code decisions[]}; {@code position} is its index in the array.
     *
     * @param unitType the unit hashed for the experiment ({@code SESSION} or {@code USER}); null when unknown (a
     *     record written before the field existed)
     * @param unitId the id that was hashed; null in records written before the field existed
     */
    public record ExperimentRow(
            int position,
            String layerId,
            String experimentId,
            int experimentVersion,
            int phase,
            String treatment,
            int bucket,
            Integer slot,
            boolean forced,
            String unitType,
            String unitId) {

        public ExperimentRow {
            Checks.nonNegative("decisions position", position);
            String at = "decisions[" + position + "].";
            layerId = Checks.id(at + "layerId", layerId);
            experimentId = Checks.id(at + "experimentId", experimentId);
            treatment = Checks.id(at + "treatment", treatment);
            Checks.nonNegative(at + "bucket", bucket);
            if (slot != null) {
                Checks.nonNegative(at + "slot", slot);
            }
            unitType = Checks.unitType(at + "unitType", unitType);
            unitId = Checks.optionalUnitId(at + "unitId", unitId);
            Checks.unitIdOfType(at + "unitType", unitType, at + "unitId", unitId);
        }
    }
}
