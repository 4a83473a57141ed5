package dev.ep.schemas.ids;

import java.util.Optional;

/**
 * What free text (attribute values, event properties, names) must satisfy to travel through Avro and be stored in
 * PostgreSQL unchanged: no NUL character (PostgreSQL text cannot hold it) and no unpaired UTF-16 surrogate (it has no
 * UTF-8 encoding; Java would silently write '?'). Every edge refuses such text with 400 instead of accepting it and
 * dead-lettering the record downstream.
 */
public final class Texts {

    private Texts() {
    }

    /** Why {@code text} cannot be stored as it is, or empty when it can ({@code null} is fine). */
    public static Optional<String> problem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return Optional.of("contains a NUL character (U+0000) at position " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired UTF-16 surrogate " + describe(c) + " at position " + i
                        + " (not encodable as UTF-8)");
            }
        }
        return Optional.empty();
    }

    /** A character for an error message: itself when printable ASCII, else its code point. */
    public static String describe(char c) {
        return c >= 0x21 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
