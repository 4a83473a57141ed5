package dev.ep.ingest.timeline;

import dev.ep.schemas.ids.UnitIds;

/**
 * A session id as the timeline accepts it: exactly the platform's id grammar ({@link UnitIds}, 1 to 128 characters of
 * {@code [A-Za-z0-9._:@~+=/-]}), the grammar every stored session id was validated against. Anything else cannot have
 * been stored and is a client mistake.
 */
record SessionId(String value) {

    SessionId {
        UnitIds.problem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("session id " + problem + " (an id matches " + UnitIds.REGEX + ")");
        });
    }

    static boolean isValid(String value) {
        return UnitIds.isValid(value);
    }
}
