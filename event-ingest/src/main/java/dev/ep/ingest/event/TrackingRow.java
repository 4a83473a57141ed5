package dev.ep.ingest.event;

import java.time.Instant;
import java.util.Map;

/**
 * A storefront tracking event (table {@code tracking_events}). {@code type} is the Avro symbol; a symbol added by a
 * newer writer arrives as {@code UNKNOWN} (the enum default) and is stored as such rather than rejected. The event id
 * is the client's, so it follows the id grammar like every other id a client sends.
 *
 * @param orderId the shop's order id (revenue is deduplicated on unit and order id); null when not sent
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
        String orderId,
        Map<String, String> properties) implements EventRow {

    public TrackingRow {
        eventId = Checks.unitId("eventId", eventId);
        time = Checks.time("time", time);
        receivedTime = Checks.time("receivedTime", receivedTime);
        sessionId = Checks.unitId("sessionId", sessionId);
        userId = Checks.optionalUnitId("userId", userId);
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
        orderId = Checks.optionalUnitId("orderId", orderId);
        properties = Checks.map("properties", properties);
    }
}
