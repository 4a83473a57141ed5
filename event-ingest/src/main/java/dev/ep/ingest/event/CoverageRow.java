package dev.ep.ingest.event;

import java.time.Instant;

/** A confirmed exposure (table {@code coverage}). */
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
        long configVersion) implements EventRow {

    public CoverageRow {
        eventId = Checks.id("eventId", eventId);
        time = Checks.time("time", time);
        sessionId = Checks.id("sessionId", sessionId);
        userId = Checks.optionalId("userId", userId);
        layerId = Checks.id("layerId", layerId);
        experimentId = Checks.id("experimentId", experimentId);
        treatment = Checks.id("treatment", treatment);
        if (slot != null) {
            Checks.nonNegative("slot", slot);
        }
        page = Checks.optionalText("page", page);
    }
}
