package dev.ep.assignment.assign;

import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.core.LayerOutcome;
import dev.ep.assignment.core.UnitType;
import dev.ep.assignment.token.Exposure;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.schemas.ids.ExposureKey;
import java.time.Instant;

/** Translations at the Avro edge: core unit types to the wire's, and an exposure to its coverage event. */
final class Exposures {

    private Exposures() {
    }

    static dev.ep.events.v1.UnitType avro(UnitType type) {
        return switch (type) {
            case SESSION -> dev.ep.events.v1.UnitType.SESSION;
            case USER -> dev.ep.events.v1.UnitType.USER;
            case UNKNOWN -> dev.ep.events.v1.UnitType.UNKNOWN;
        };
    }

    /** The exposure a served assignment is. */
    static Exposure of(AssignmentRequest request, LayerOutcome.Assigned a, long configVersion) {
        return new Exposure(request.sessionId(), request.userId(), a.layerId(), a.experimentId(),
                a.experiment().version(), a.experiment().phase(), a.treatment().name(), a.unitType(), a.unitId(),
                a.bucket(), a.forced() ? null : a.slot(), a.forced(), configVersion);
    }

    /**
     * The coverage event of an exposure, recorded at {@code now} on {@code page}.
     *
     * @param decisionTime the issue time of the exposure token presented; {@code null} otherwise (re-derived, or
     *                     covered in the assign call itself, whose {@code time} is the decision's)
     */
    static CoverageEvent coverage(Exposure e, String page, Instant now, Instant decisionTime) {
        dev.ep.events.v1.UnitType unitType = avro(e.unitType());
        return CoverageEvent.newBuilder().setEventId(AssignmentService.eventId()).setTime(now)
                .setSessionId(e.sessionId()).setUserId(e.userId()).setLayerId(e.layerId())
                .setExperimentId(e.experimentId()).setExperimentVersion(e.experimentVersion()).setPhase(e.phase())
                .setTreatment(e.treatment()).setSlot(e.slot()).setForced(e.forced()).setPage(page)
                .setConfigVersion(e.configVersion()).setUnitType(unitType).setUnitId(e.unitId())
                .setBucket(e.bucket())
                .setExposureKey(new ExposureKey(e.experimentId(), e.phase(), unitType.name(), e.unitId()).text())
                .setDecisionTime(decisionTime).build();
    }
}
