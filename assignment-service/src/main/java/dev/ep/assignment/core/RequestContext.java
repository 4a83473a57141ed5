package dev.ep.assignment.core;

import dev.ep.assignment.hashing.Murmur3;
import dev.ep.targeting.TargetingSet;

/**
 * One request compiled against one snapshot for {@link CompiledConfig#assign}: its targeting context (page and
 * attributes read once, each distinct rule evaluated at most once, {@link TargetingSet.Context}) and its unit ids
 * encoded to UTF-8 and their blocks mixed once, on first use, for the per-layer and per-experiment hashes
 * ({@link Murmur3.Unit}). Belongs to one request.
 */
final class RequestContext {

    private final AssignmentRequest request;
    private final TargetingSet.Context targeting;
    private Murmur3.Unit session;
    private Murmur3.Unit user;

    RequestContext(AssignmentRequest request, TargetingSet targetings) {
        this.request = request;
        this.targeting = targetings.context(request.page(), request.attributes());
    }

    AssignmentRequest request() {
        return request;
    }

    /** The page and rule of the experiment's targeting (its number in the snapshot's {@link TargetingSet}). */
    boolean eligible(CompiledExperiment experiment) {
        return eligible(experiment.targetingIndex());
    }

    /** The page and rule of the targeting numbered {@code targetingIndex} in the snapshot's {@link TargetingSet}. */
    boolean eligible(int targetingIndex) {
        return targeting.matches(targetingIndex);
    }

    /**
     * The unit id of {@code type} prepared once per request for its many hashes ({@link Murmur3.Unit}: UTF-8 bytes,
     * blocks pre-mixed), or {@code null} when the request has no id of that type ({@code request.unit(type)} is
     * {@code null}).
     */
    Murmur3.Unit unit(UnitType type) {
        if (type == UnitType.SESSION) {
            if (session == null) {
                session = Murmur3.Unit.of(request.sessionId());
            }
            return session;
        }
        if (type == UnitType.USER && request.userId() != null) {
            if (user == null) {
                user = Murmur3.Unit.of(request.userId());
            }
            return user;
        }
        return null;
    }
}
