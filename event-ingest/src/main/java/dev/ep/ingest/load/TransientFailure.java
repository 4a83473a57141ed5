package dev.ep.ingest.load;

/** The batch could not be completed for a reason that passes (PostgreSQL, registry or Kafka away): retry later. */
final class TransientFailure extends Exception {

    /** What was unavailable; decides what is checked before retrying. */
    enum Cause {
        STORE,
        /** The registry did not answer, or answered 5xx, 408 or 429 ({@code FailureKind.TRANSIENT}). */
        REGISTRY,
        /**
         * The registry refused the request: 401/403 or another 4xx that is not about the record
         * ({@code FailureKind.NEEDS_OPERATOR}); logged at ERROR, the batch waits like for an outage.
         */
        REGISTRY_CONFIGURATION,
        DEAD_LETTER_TOPIC,
        OTHER
    }

    private final Cause kind;

    TransientFailure(Cause kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Cause kind() {
        return kind;
    }
}
