package dev.ep.assignment.core;

import dev.ep.targeting.TargetingSet;
import java.nio.charset.StandardCharsets;

/**
 * One request compiled against one snapshot for {@link CompiledConfig#assign}: its targeting context (page and
 * attributes read once, each distinct rule evaluated at most once, {@link TargetingSet.Context}) and its unit ids
 * encoded to UTF-8 once, on first use, for the per-layer and per-experiment hashes. Belongs to one request.
 */
final class RequestContext {

    private final AssignmentRequest request;
    private final TargetingSet.Context targeting;
    private byte[] session;
    private byte[] user;

    RequestContext(AssignmentRequest request, TargetingSet targetings) {
        this.request = request;
        this.targeting = targetings.context(request.page(), request.attributes());
    }

    AssignmentRequest request() {
        return request;
    }

    /** The page and rule of the experiment's targeting (its number in the snapshot's {@link TargetingSet}). */
    boolean eligible(CompiledExperiment experiment) {
        return targeting.matches(experiment.targetingIndex());
    }

    /**
     * The UTF-8 bytes of the unit id of {@code type} ({@code request.unit(type)}, which must not be {@code null}),
     * encoded once per request.
     */
    byte[] unitBytes(UnitType type) {
        if (type == UnitType.USER) {
            if (user == null) {
                user = request.userId().getBytes(StandardCharsets.UTF_8);
            }
            return user;
        }
        if (session == null) {
            session = request.sessionId().getBytes(StandardCharsets.UTF_8);
        }
        return session;
    }
}
