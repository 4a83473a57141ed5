package dev.ep.ingest.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One event as it is stored: validated in the compact constructors, so whatever reaches the writers fits the
 * tables. {@link #eventDate()} (the UTC date of the event time) is the partition key and, with the event id, the
 * idempotency key.
 */
public sealed interface EventRow permits DecisionRow, CoverageRow, TrackingRow {

    String eventId();

    Instant time();

    String sessionId();

    default LocalDate eventDate() {
        return dateOf(time());
    }

    static LocalDate dateOf(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }
}
