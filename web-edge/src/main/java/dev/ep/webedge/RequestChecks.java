package dev.ep.webedge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks of the request line and {@code Content-Type} that every service makes first, on the raw strings as
 * received (plain Java, unit-tested). A query string must be ASCII, every {@code %} followed by two hex digits, the
 * decoded bytes valid UTF-8 (no encoded lone surrogate such as {@code %ED%A0%80}, no overlong form such as
 * {@code %C0%AF}, no {@code %FF}) without NUL, every parameter named, at most {@value #MAX_PARAMETERS} of them.
 * Tomcat decodes parameters lazily and throws from inside whatever first asks for one (a mapping condition, an
 * actuator endpoint, a filter), which would be a 500; checking once, first, makes every such request one 400.
 */
public final class RequestChecks {

    /** The methods some service uses; anything else is a 405 (Tomcat would answer some with a 501). */
    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /** Far more than any endpoint reads (three at most), far fewer than Tomcat's own limit. */
    public static final int MAX_PARAMETERS = 100;

    private RequestChecks() {
    }

    /** The first refusal that applies to the request, if any. */
    public static Optional<Refusal> refusal(String method, String rawQuery, String rawPath, String contentType,
            boolean checkPath) {
        if (!METHODS.contains(method)) {
            return Optional.of(new Refusal(Refusal.Kind.METHOD_NOT_ALLOWED,
                    "method not allowed; the API uses " + String.join(", ", new java.util.TreeSet<>(METHODS))));
        }
        Optional<Refusal> query = queryProblem(rawQuery)
                .map(problem -> new Refusal(Refusal.Kind.MALFORMED_QUERY, "malformed query string: " + problem));
        if (query.isPresent()) {
            return query;
        }
        if (checkPath) {
            Optional<Refusal> path = decodeProblem(rawPath, false)
                    .map(problem -> new Refusal(Refusal.Kind.MALFORMED_PATH, "malformed path: " + problem));
            if (path.isPresent()) {
                return path;
            }
        }
        if (isWildcard(contentType)) {
            return Optional.of(new Refusal(Refusal.Kind.WILDCARD_CONTENT_TYPE,
                    "a Content-Type cannot be a wildcard; send the body's own type (application/json)"));
        }
        return Optional.empty();
    }

    /** What is wrong with a raw query string, if anything (no query is fine). */
    public static Optional<String> queryProblem(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.empty();
        }
        int parameters = 0;
        for (String chunk : rawQuery.split("&")) {
            if (chunk.startsWith("=")) {
                return Optional.of("a parameter has no name");
            }
            if (!chunk.isEmpty() && ++parameters > MAX_PARAMETERS) {
                return Optional.of("more than " + MAX_PARAMETERS + " parameters");
            }
        }
        return decodeProblem(rawQuery, true);
    }

    /** What keeps {@code raw} from decoding to text, if anything. */
    static Optional<String> decodeProblem(String raw, boolean query) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    return Optional.of("'%' at position " + i + " is not followed by two hex digits");
                }
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // RFC 3986 wants it percent-encoded; which charset the container read it with is not ours to guess
                return Optional.of("raw non-ASCII character at position " + i + " (percent-encode it as UTF-8)");
            }
        }
        byte[] decoded = bytes.toByteArray();
        for (byte b : decoded) {
            if (b == 0) {
                return Optional.of("it decodes to a NUL character");
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(decoded));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of("the percent-encoded bytes are not valid UTF-8");
        }
    }

    /** {@code *}{@code /*}, {@code application/*} and the like: a media range, which no body can be. */
    public static boolean isWildcard(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        return type.equals("*") || slash >= 0 && (type.substring(0, slash).strip().equals("*")
                || type.substring(slash + 1).strip().equals("*"));
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
