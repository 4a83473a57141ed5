package dev.ep.simulator.engine;

import java.util.List;

/**
 * What a simulated page does against the platform, as a storefront would: ask for its assignments, confirm the
 * coverage of what it rendered, send its tracking events. The HTTP implementation calls assignment-service; the
 * offline one decides locally. Both record every call in the ledger.
 */
public interface Storefront {

    Assignments assign(Visit visit);

    void cover(Visit visit, List<Assignment> rendered);

    void track(Visit visit, List<TrackEvent> events);

    /** One page of a session as the storefront calls it: the user is set once a returning user logged in. */
    record Visit(SessionPlan session, String userId, String page, int pageIndex, long simMillis) {
    }

    /**
     * One assigned experiment (platform id) as served; {@code phase} and {@code slot} are the decision's (the exposure
     * token's; slot null when forced or unknown, phase 0 when unknown).
     */
    record Assignment(String experimentId, String layerId, String treatment, boolean forced, String token, int phase,
            Integer slot) {
    }

    /** The assign answer; {@code ok} false when the call failed (the page then renders nothing). */
    record Assignments(boolean ok, boolean holdout, List<Assignment> assignments) {

        public static final Assignments FAILED = new Assignments(false, false, List.of());
    }

    /** A tracking event; {@code value} (minor units) and {@code orderId} only for orders. */
    record TrackEvent(String eventId, String type, Long value, String orderId) {
    }
}
