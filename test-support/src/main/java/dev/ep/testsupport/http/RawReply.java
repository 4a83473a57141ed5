package dev.ep.testsupport.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** A complete HTTP reply: status, headers (names lower case; a repeated header keeps its last value) and body. */
public record RawReply(int status, Map<String, String> headers, byte[] body) {

    /** The status of an HTTP/0.9 simple response: a body without status line or headers. */
    public static final int SIMPLE_RESPONSE = 0;

    public RawReply {
        headers = Map.copyOf(headers);
    }

    /** The header's value, or null; {@code name} in any case. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = text();
        return status + " " + headers.getOrDefault("content-type", "") + " "
                + (text.length() > 300 ? text.substring(0, 300) + "...(" + body.length + " bytes)" : text);
    }
}
