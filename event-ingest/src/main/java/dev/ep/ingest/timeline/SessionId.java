package dev.ep.ingest.timeline;

import java.util.regex.Pattern;

/**
 * A session id as the timeline accepts it: 1 to 256 characters from {@code [A-Za-z0-9._~:@-]} (URL-safe, so it
 * sits in a path unescaped). Anything else cannot have been stored and is a client mistake.
 */
record SessionId(String value) {

    static final int MAX_LENGTH = 256;
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._~:@-]{1," + MAX_LENGTH + "}");

    SessionId {
        if (value == null || !LEGAL.matcher(value).matches()) {
            throw new IllegalArgumentException("session id must be 1 to " + MAX_LENGTH
                    + " characters from A-Z a-z 0-9 . _ ~ : @ -");
        }
    }

    static boolean isValid(String value) {
        return value != null && LEGAL.matcher(value).matches();
    }
}
