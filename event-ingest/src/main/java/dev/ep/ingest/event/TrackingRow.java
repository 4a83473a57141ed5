package dev.ep.ingest.event;

import java.time.Instant;
import java.util.Map;

/**
 * A storefront tracking event (table {@code tracking_events}). {@code type} is the Avro symbol; a symbol added by a
 * newer writer arrives as {@code UNKNOWN} (the enum default) and is stored as such rather than rejected.
 */
public record TrackingRow(
        String eventId,
        Instant time,
        Instant receivedTime,
        String sessionId,
        String userId,
        String type,
        String name,
        String page,
        Long valueMinor,
        String currency,
        Map<String, String> properties) implements EventRow {

    public TrackingRow {
        eventId = Checks.id("eventId", eventId);
        time = Checks.time("time", time);
        receivedTime = Checks.time("receivedTime", receivedTime);
        sessionId = Checks.id("sessionId", sessionId);
        userId = Checks.optionalId("userId", userId);
        type = Checks.id("type", type);
        name = Checks.optionalText("name", name);
        if ("CUSTOM".equals(type) && name == null) {
            throw new InvalidEventException("a CUSTOM event needs a name");
        }
        page = Checks.optionalText("page", page);
        if (valueMinor != null && valueMinor < 0) {
            throw new InvalidEventException("value is negative: " + valueMinor);
        }
        currency = Checks.currency(currency);
        if (valueMinor != null && currency == null) {
            throw new InvalidEventException("value " + valueMinor + " has no currency");
        }
        properties = Checks.map("properties", properties);
    }
}
