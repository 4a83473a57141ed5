package dev.ep.assignment.token;

import dev.ep.assignment.core.UnitType;
import java.util.Objects;

/**
 * One served assignment as a coverage event needs it: who (session, user, the unit hashed), what (layer, experiment,
 * version, phase, treatment), how (bucket, slot or forced) and with which configuration. Built from the core's
 * {@code LayerOutcome.Assigned} when assigning, and carried inside an {@link ExposureToken} so that coverage can be
 * recorded as served instead of re-derived.
 *
 * @param userId the logged-in user of the assign call, or {@code null}
 * @param slot   the treatment slot, or {@code null} when a QA override forced the treatment
 */
public record Exposure(String sessionId, String userId, String layerId, String experimentId, int experimentVersion,
        int phase, String treatment, UnitType unitType, String unitId, int bucket, Integer slot, boolean forced,
        long configVersion) {

    public Exposure {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(layerId, "layerId");
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(unitType, "unitType");
        Objects.requireNonNull(unitId, "unitId");
        if (forced != (slot == null)) {
            throw new IllegalArgumentException("slot must be null exactly when the treatment was forced");
        }
    }
}
