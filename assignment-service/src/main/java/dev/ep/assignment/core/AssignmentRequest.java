package dev.ep.assignment.core;

import java.util.Map;
import java.util.Objects;

/**
 * The context of one assignment: the session (required), the logged-in user (may be {@code null}), the page (may be
 * {@code null}) and the attributes targeting rules read. Validated at the edge; the core trusts it.
 */
public record AssignmentRequest(String sessionId, String userId, String page, Map<String, String> attributes) {

    public AssignmentRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** The unit id of that type, or {@code null} when the request has none (USER without user id, UNKNOWN). */
    public String unit(UnitType type) {
        return switch (type) {
            case SESSION -> sessionId;
            case USER -> userId;
            case UNKNOWN -> null;
        };
    }
}
