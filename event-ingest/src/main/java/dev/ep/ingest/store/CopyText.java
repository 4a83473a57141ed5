package dev.ep.ingest.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * Builds PostgreSQL COPY text format ({@code FORMAT text}): tab-separated columns, one line per row, {@code \N} for
 * null, backslash escapes for backslash, tab, newline and carriage return.
 */
final class CopyText {

    private final StringBuilder out;
    private boolean lineStart = true;

    CopyText(int expectedRows) {
        this.out = new StringBuilder(Math.max(256, expectedRows * 160));
    }

    CopyText value(Object value) {
        if (!lineStart) {
            out.append('\t');
        }
        lineStart = false;
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof String s) {
            escape(s);
        } else if (value instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (value instanceof Instant || value instanceof LocalDate || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, String> map = (Map<String, String>) m;
            escape(JsonText.of(map));
        } else {
            throw new IllegalArgumentException("No COPY text for " + value.getClass().getName());
        }
        return this;
    }

    CopyText endRow() {
        out.append('\n');
        lineStart = true;
        return this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
