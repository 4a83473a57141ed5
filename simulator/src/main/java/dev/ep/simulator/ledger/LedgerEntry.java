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
 * @param change       change only: the configuration change the run made at this point of the ledger (every call
 *                     before it was answered before the change was sent; every call after it was sent once
 *                     assignment-service served the change)
 */
public record LedgerEntry(long seq, long wallMillis, long simMillis, String session, long sessionIndex, boolean qa,
        String user, String page, int pageIndex, String call, int status, long latencyMicros, String error,
        Boolean holdout, Long configVersion, List<Assigned> assignments, List<Covered> coverage,
        List<Sent> events, Change change) {

    public static final String ASSIGN = "assign";
    public static final String COVER = "cover";
    public static final String TRACK = "track";
    public static final String CHANGE = "change";

    public LedgerEntry {
        assignments = assignments == null ? List.of() : List.copyOf(assignments);
        coverage = coverage == null ? List.of() : List.copyOf(coverage);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** A storefront call (no change). */
    public LedgerEntry(long seq, long wallMillis, long simMillis, String session, long sessionIndex, boolean qa,
            String user, String page, int pageIndex, String call, int status, long latencyMicros, String error,
            Boolean holdout, Long configVersion, List<Assigned> assignments, List<Covered> coverage,
            List<Sent> events) {
        this(seq, wallMillis, simMillis, session, sessionIndex, qa, user, page, pageIndex, call, status, latencyMicros,
                error, holdout, configVersion, assignments, coverage, events, null);
    }

    /** The entry of a configuration change: status 200, no session. */
    public static LedgerEntry of(Change change, long wallMillis, long simMillis) {
        return new LedgerEntry(0, wallMillis, simMillis, null, -1, false, null, null, -1, CHANGE, 200, 0, null, null,
                change.configVersion(), null, null, null, change);
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /**
     * One assigned experiment.
     *
     * @param phase the phase of the decision (from the exposure token; 0 when unknown)
     * @param slot  the unit's slot (from the exposure token), null when forced or unknown
     */
    public record Assigned(String experiment, String layer, String treatment, boolean forced, int phase,
            Integer slot) {

        public Assigned(String experiment, String layer, String treatment, boolean forced) {
            this(experiment, layer, treatment, forced, 1, null);
        }
    }

    /**
     * One confirmed experiment; {@code phase} and {@code slot} are those of the decision whose exposure token was
     * confirmed (the page's assign answer).
     */
    public record Covered(String experiment, String treatment, String status, int phase, Integer slot) {

        public Covered(String experiment, String treatment, String status) {
            this(experiment, treatment, status, 1, null);
        }

        public boolean covered() {
            return "covered".equals(status);
        }
    }

    public record Sent(String id, String type, Long value, String orderId) {
    }

    /**
     * A configuration change made during the run, as config-service answered it.
     *
     * @param experiment        platform id
     * @param kind              {@code weights} (opens {@code phase}) or {@code ramp} (stays in it)
     * @param phase             the experiment's phase after the change
     * @param configVersion     config-service's event sequence of the change: assign answers with this version or
     *                          later were decided with it
     * @param startedAtMillis   weights: the new phase's start (config-service's clock); ramp: the change's time
     * @param weights           the weights after the change (basis points, treatment order)
     * @param trafficBasisPoints the traffic after the change
     * @param changedSlots      weights: the slot ranges [start, end) whose treatment changed
     */
    public record Change(String experiment, String kind, int phase, long configVersion, long startedAtMillis,
            java.util.Map<String, Integer> weights, int trafficBasisPoints, List<SlotRange> changedSlots,
            String reason) {

        public static final String WEIGHTS = "weights";
        public static final String RAMP = "ramp";

        public Change {
            weights = weights == null ? java.util.Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(weights));
            changedSlots = changedSlots == null ? List.of() : List.copyOf(changedSlots);
        }

        public boolean opensPhase() {
            return WEIGHTS.equals(kind);
        }

        public boolean moves(Integer slot) {
            return slot != null && changedSlots.stream().anyMatch(r -> slot >= r.start() && slot < r.end());
        }
    }

    /** Slots {@code [start, end)}. */
    public record SlotRange(int start, int end) {
    }

    /** A copy with another sequence number (the ledger numbers entries as it writes them). */
    LedgerEntry withSeq(long newSeq) {
        return new LedgerEntry(newSeq, wallMillis, simMillis, session, sessionIndex, qa, user, page, pageIndex, call,
                status, latencyMicros, error, holdout, configVersion, assignments, coverage, events, change);
    }
}
