package dev.ep.assignment.assign;

import java.util.Set;

/** Which assigned experiments to record coverage for in the same call: none (the default), all, or these ids. */
record Cover(boolean all, Set<String> ids) {

    static final Cover NONE = new Cover(false, Set.of());
    static final Cover ALL = new Cover(true, Set.of());

    boolean includes(String experimentId) {
        return all || ids.contains(experimentId);
    }

    boolean none() {
        return !all && ids.isEmpty();
    }
}
