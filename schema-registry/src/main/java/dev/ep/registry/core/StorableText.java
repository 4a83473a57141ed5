package dev.ep.registry.core;

/**
 * What client text (schema text, subject names, reference names) must satisfy to be stored in PostgreSQL unchanged:
 * no NUL character (PostgreSQL text cannot hold it) and no unpaired UTF-16 surrogate (it has no UTF-8 encoding; the
 * JDBC driver would silently write '?'). The same rule as {@code dev.ep.schemas.ids.Texts}, restated here because
 * the registry cannot depend on the schemas module (whose tests depend on the registry).
 */
public final class StorableText {

    private StorableText() {
    }

    /** Null when {@code text} can be stored as it is (so is {@code null}), else why not. */
    public static String problem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "contains a NUL character (U+0000) at position " + i;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate U+" + String.format("%04X", (int) c) + " at position " + i;
            }
        }
        return null;
    }
}
