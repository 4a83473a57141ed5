package dev.ep.simulator.ledger;

import java.util.List;

/**
 * One storefront call as it happened, one JSON line of the ledger.
 *
 * @param seq          order of writing (1, 2, ...)
 * @param wallMillis   wall-clock time the call was sent (epoch ms)
 * @param simMillis    the session's simulated time since the run's start
 * @param call         {@code assign}, {@code cover} or {@code track}
 * @param status       HTTP status; 0 when no answer came (connection refused, timeout)
 * @param latencyMicros from sending to the whole answer read
 * @param error        what went wrong, when the call failed; null otherwise
 * @param holdout      assign only: the answer's holdout membership
 * @param assignments  assign only: what was assigned
 * @param coverage     cover only: per confirmed experiment, the answer's status and treatment (the treatment sent
 *                     when the answer had none)
 * @param events       track only: the events sent
 */
public record LedgerEntry(long seq, long wallMillis, long simMillis, String session, long sessionIndex, boolean qa,
        String user, String page, int pageIndex, String call, int status, long latencyMicros, String error,
        Boolean holdout, Long configVersion, List<Assigned> assignments, List<Covered> coverage,
        List<Sent> events) {

    public static final String ASSIGN = "assign";
    public static final String COVER = "cover";
    public static final String TRACK = "track";

    public LedgerEntry {
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
        coverage = coverage == null ? List.of() : List.copyOf(coverage);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    public record Assigned(String experiment, String layer, String treatment, boolean forced) {
    }

    public record Covered(String experiment, String treatment, String status) {

        public boolean covered() {
            return "covered".equals(status);
        }
    }

    public record Sent(String id, String type, Long value, String orderId) {
    }

    /** A copy with another sequence number (the ledger numbers entries as it writes them). */
    LedgerEntry withSeq(long newSeq) {
        return new LedgerEntry(newSeq, wallMillis, simMillis, session, sessionIndex, qa, user, page, pageIndex, call,
                status, latencyMicros, error, holdout, configVersion, assignments, coverage, events);
    }
}
