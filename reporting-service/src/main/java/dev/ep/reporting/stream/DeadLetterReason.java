package dev.ep.reporting.stream;

import java.util.Locale;

/** Why a record went to the dead-letter topic (header {@code ep-dlt-reason}). */
enum DeadLetterReason {
    /** Not a readable event: not Confluent framing, unknown schema id, corrupt body, incompatible schema. */
    DECODE,
    /** Decoded, but unusable for analysis (unit type unknown, empty unit id, negative value...). */
    VALIDATION;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
