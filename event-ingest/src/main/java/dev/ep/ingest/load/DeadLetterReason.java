package dev.ep.ingest.load;

/** Why a record went to the dead-letter topic (header {@code ep-dlt-reason}, metric tag {@code reason}). */
enum DeadLetterReason {
    /** The bytes are not a readable event (wire format, unknown schema id, corrupt body, incompatible schema). */
    DECODE,
    /** The event decoded but breaks a rule the tables rely on (blank id, absurd time, negative value, NUL...). */
    VALIDATION,
    /** PostgreSQL refused the row (data exception or constraint) when it was written alone. */
    REJECTED_BY_DATABASE;

    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
