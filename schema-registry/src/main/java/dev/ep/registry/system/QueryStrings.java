package dev.ep.registry.system;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Whether a raw query string decodes to parameters: only ASCII, every {@code %} followed by two hex digits, the
 * decoded bytes valid UTF-8 (no lone surrogate such as {@code %ED%A0%80}, no overlong form), no NUL, every parameter
 * named, and at most {@value #MAX_PARAMETERS} of them. Tomcat decodes parameters lazily and throws from deep inside
 * whatever first asks for one; checking the whole query once, before anything runs, turns every such request into
 * one 400.
 */
final class QueryStrings {

    /** Far more than any endpoint takes (three at most), far fewer than Tomcat's own limit. */
    static final int MAX_PARAMETERS = 100;

    private QueryStrings() {
    }

    /** Null when the query is fine (so is no query), else what is wrong with it. */
    static String problem(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        int parameters = 0;
        for (String chunk : rawQuery.split("&")) {
            if (chunk.startsWith("=")) {
                return "a parameter has no name ('" + (chunk.length() > 20 ? chunk.substring(0, 20) + "..." : chunk)
                        + "')";
            }
            if (!chunk.isEmpty() && ++parameters > MAX_PARAMETERS) {
                return "more than " + MAX_PARAMETERS + " parameters";
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawQuery.length());
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawQuery.length() || hex(rawQuery.charAt(i + 1)) < 0 || hex(rawQuery.charAt(i + 2)) < 0) {
                    return "'%' at position " + i + " is not followed by two hex digits";
                }
                bytes.write(hex(rawQuery.charAt(i + 1)) * 16 + hex(rawQuery.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // RFC 3986 wants them percent-encoded; which charset Tomcat would read raw ones with is not ours to guess.
                return "raw non-ASCII character at position " + i + " (percent-encode it as UTF-8)";
            }
        }
        byte[] decoded = bytes.toByteArray();
        for (byte b : decoded) {
            if (b == 0) {
                return "it decodes to a NUL character";
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
            return null;
        } catch (CharacterCodingException e) {
            return "it does not decode as UTF-8";
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
