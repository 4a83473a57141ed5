package dev.ep.reporting.attribution;

import java.util.Objects;

/**
 * One tracking event of the unit, as attribution needs it.
 *
 * @param time the server's receivedTime (the attribution clock), never the client's time
 * @param name the custom event name (CUSTOM only), else null
 * @param value minor units, 0 when the event had none
 * @param orderId null when the event had none
 */
public record Activity(String eventId, long time, ActivityType type, String name, long value, String orderId)
        implements UnitInput {

    public Activity {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        if (value < 0) {
            throw new IllegalArgumentException("value must not be negative: " + value);
        }
    }

    /** True when {@code other} is the same event (event id) or the same order of the same kind resent. */
    boolean duplicates(Activity other) {
        return eventId.equals(other.eventId)
                || (orderId != null && type == other.type && orderId.equals(other.orderId));
    }
}
