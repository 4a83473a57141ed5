package dev.ep.ingest.load;

import dev.ep.ingest.event.EventRow;
import dev.ep.schemas.failure.DeadLetterReason;

/** What became of one consumed record. */
sealed interface DecodeOutcome {

    /** Decoded and valid: to be written. */
    record Row(EventRow row) implements DecodeOutcome {
    }

    /** Undecodable or invalid: to the dead-letter topic, with why. */
    record Poison(DeadLetterReason reason, Exception cause) implements DecodeOutcome {
    }
}
