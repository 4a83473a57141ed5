package dev.ep.ingest.load;

/** The batch could not be completed for a reason that passes (PostgreSQL, registry or Kafka away): retry later. */
final class TransientFailure extends Exception {

    /** What was unavailable; decides what is checked before retrying. */
    enum Cause { STORE, REGISTRY, DEAD_LETTER_TOPIC, OTHER }

    private final Cause kind;

    TransientFailure(Cause kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Cause kind() {
        return kind;
    }
}
