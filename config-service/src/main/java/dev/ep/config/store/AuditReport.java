package dev.ep.config.store;

import java.util.Optional;

/**
 * Result of verifying the hash chain.
 *
 * @param intact              whether every event verified
 * @param verifiedThrough     the last sequence up to which the chain is intact
 * @param firstBrokenSequence the first sequence that does not verify, if any
 * @param problem             what is wrong there
 */
public record AuditReport(boolean intact, long verifiedThrough, Optional<Long> firstBrokenSequence,
        Optional<String> problem) {

    static AuditReport intact(long through) {
        return new AuditReport(true, through, Optional.empty(), Optional.empty());
    }

    static AuditReport broken(long through, long sequence, String problem) {
        return new AuditReport(false, through, Optional.of(sequence), Optional.of(problem));
    }
}
