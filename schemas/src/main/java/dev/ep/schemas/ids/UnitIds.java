package dev.ep.schemas.ids;

import java.util.Optional;

/**
 * The one grammar of unit ids (session and user ids), order ids and client event ids, used at every edge: the
 * assignment service refuses anything else with 400, event-ingest dead-letters anything else, and the timeline looks
 * up exactly these. An id is 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._:@~+=/-]}: printable ASCII
 * without spaces, quotes, '%' or other characters that need escaping in JSON, CSV or SQL literals, and wide enough for
 * UUIDs, base64 (standard and URL-safe) and e-mail-like ids. Specified in {@code docs/ids.md}.
 */
public final class UnitIds {

    /** Longest id, in characters (each one byte in UTF-8). */
    public static final int MAX_LENGTH = 128;

    /** The characters allowed besides ASCII letters and digits. */
    public static final String PUNCTUATION = "._:@~+=/-";

    /** The grammar as a regular expression, for documentation and for other languages. */
    public static final String REGEX = "[A-Za-z0-9._:@~+=/-]{1," + MAX_LENGTH + "}";

    private UnitIds() {
    }

    public static boolean isValid(String id) {
        return problem(id).isEmpty();
    }

    /** Why {@code id} is not a valid id (without naming the field), or empty when it is. */
    public static Optional<String> problem(String id) {
        if (id == null) {
            return Optional.of("is missing");
        }
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return Optional.of("must be 1 to " + MAX_LENGTH + " characters long, got " + id.length());
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!allowed(c)) {
                return Optional.of("may contain only letters, digits and " + String.join(" ", PUNCTUATION.split(""))
                        + "; found " + Texts.describe(c) + " at position " + i);
            }
        }
        return Optional.empty();
    }

    static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || PUNCTUATION.indexOf(c) >= 0;
    }
}
