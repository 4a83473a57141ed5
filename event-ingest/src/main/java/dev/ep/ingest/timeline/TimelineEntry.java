package dev.ep.ingest.timeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of a session's timeline, as stored. Fields that do not apply to the kind, or that the stored row does not
 * have (a row written before the column existed), are left out of the JSON. Read back without validation: a row
 * stored under earlier, looser rules is shown as it is rather than failing the page.
 *
 * @param kind {@code decision}, {@code coverage} or {@code tracking}
 * @param holdout decision: holdout membership of the holdout unit
 * @param holdoutUnitType decision: the holdout's unit type ({@code SESSION}, {@code USER})
 * @param holdoutUnitId decision: the id hashed for the holdout
 * @param holdoutBasisPoints decision: the holdout's share at decision time
 * @param orderId tracking: the shop's order id
 * @param exposureKey coverage: {@code experimentId/phase/unitType/unitId}, the exposure identity reporting counts once
 * @param decisionTime coverage: server time of the assignment confirmed (exposure token)
 * @param experiments for a decision: every experiment assigned; for coverage: the experiment covered; for a tracking
 *     event: the treatments the session had at that moment (latest decision before it) and whether each was covered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TimelineEntry(
        Kind kind,
        String eventId,
        Instant time,
        String userId,
        String page,
        Long configVersion,
        Boolean holdout,
        String holdoutUnitType,
        String holdoutUnitId,
        Integer holdoutBasisPoints,
        Map<String, String> attributes,
        String type,
        String name,
        Long value,
        String currency,
        String orderId,
        Instant receivedTime,
        Map<String, String> properties,
        String exposureKey,
        Instant decisionTime,
        List<Experiment> experiments) {

    enum Kind {
        decision, coverage, tracking
    }

    TimelineEntry {
        experiments = experiments == null ? List.of() : List.copyOf(experiments);
    }

    /** An experiment and the session's treatment in it; {@code unitType}/{@code unitId}: the unit that was hashed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Experiment(String layerId, String experimentId, Integer experimentVersion, Integer phase, String treatment,
                      Integer bucket, Integer slot, Boolean forced, String unitType, String unitId, Boolean covered) {

        Experiment withCovered(boolean isCovered) {
            return new Experiment(layerId, experimentId, experimentVersion, phase, treatment, bucket, slot, forced,
                    unitType, unitId, isCovered);
        }
    }

    /** The holdout of a decision as stored. */
    record Holdout(boolean member, String unitType, String unitId, Integer basisPoints) {
    }

    static TimelineEntry decision(String eventId, Instant time, String userId, String page, long configVersion,
                                  Holdout holdout, Map<String, String> attributes, List<Experiment> experiments) {
        return new TimelineEntry(Kind.decision, eventId, time, userId, page, configVersion, holdout.member(),
                holdout.unitType(), holdout.unitId(), holdout.basisPoints(), attributes, null, null, null, null, null,
                null, null, null, null, experiments);
    }

    static TimelineEntry coverage(String eventId, Instant time, String userId, String page, long configVersion,
                                  String exposureKey, Instant decisionTime, Experiment experiment) {
        return new TimelineEntry(Kind.coverage, eventId, time, userId, page, configVersion, null, null, null, null,
                null, null, null, null, null, null, null, null, exposureKey, decisionTime, List.of(experiment));
    }

    static TimelineEntry tracking(String eventId, Instant time, String userId, String page, String type, String name,
                                  Long value, String currency, String orderId, Instant receivedTime,
                                  Map<String, String> properties) {
        return new TimelineEntry(Kind.tracking, eventId, time, userId, page, null, null, null, null, null, null, type,
                name, value, currency, orderId, receivedTime, properties, null, null, List.of());
    }

    TimelineEntry withExperiments(List<Experiment> replaced) {
        return new TimelineEntry(kind, eventId, time, userId, page, configVersion, holdout, holdoutUnitType,
                holdoutUnitId, holdoutBasisPoints, attributes, type, name, value, currency, orderId, receivedTime,
                properties, exposureKey, decisionTime, replaced);
    }
}
