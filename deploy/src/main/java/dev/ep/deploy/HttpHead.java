package dev.ep.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The start line and header fields of one HTTP/1.1 message, read with hard bounds and strict syntax (RFC 9112):
 * anything the front cannot forward unambiguously is refused rather than guessed at. Bytes are kept as ISO-8859-1,
 * so header values pass through unchanged.
 */
record HttpHead(String startLine, List<Field> fields) {

    record Field(String name, String value) {
    }

    /** A message the front refuses, with the status to answer. */
    static final class Malformed extends Exception {
        private final int status;
        private final String code;

        Malformed(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }
    }

    /** The peer closed the connection before the first byte of a message (a normal end of keep-alive). */
    static final class Closed extends IOException {
        Closed() {
            super("closed before a message", null);
        }
    }

    HttpHead {
        fields = List.copyOf(fields);
    }

    /**
     * Reads a start line and header fields up to the empty line. Throws {@link Closed} when the stream ends before
     * any byte, {@link Malformed} when the head breaks a bound or the syntax.
     */
    static HttpHead read(InputStream in, int maxBytes, int maxFields) throws IOException, Malformed {
        int[] budget = {maxBytes};
        String start = line(in, budget, true);
        while (start.isEmpty()) { // RFC 9112 §2.2: a server SHOULD ignore empty lines before the request line
            start = line(in, budget, false);
        }
        List<Field> fields = new ArrayList<>();
        for (String line = line(in, budget, false); !line.isEmpty(); line = line(in, budget, false)) {
            if (fields.size() >= maxFields) {
                throw new Malformed(431, "HEADERS_TOO_LARGE", "more than " + maxFields + " header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Malformed(400, "MALFORMED_REQUEST", "a header line without a field name");
            }
            String name = line.substring(0, colon);
            if (!isToken(name)) {
                throw new Malformed(400, "MALFORMED_REQUEST", "a header field name that is not a token");
            }
            String value = trimOws(line.substring(colon + 1));
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new Malformed(400, "MALFORMED_REQUEST", "a control character in header " + name);
                }
            }
            fields.add(new Field(name, value));
        }
        return new HttpHead(start, fields);
    }

    /** Optional white space around a field value is spaces and tabs only (RFC 9110 §5.6.3). */
    private static String trimOws(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Every value of a field (case-insensitive name). */
    List<String> values(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    Optional<String> value(String name) {
        List<String> all = values(name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** True when a comma-separated field (Connection, Transfer-Encoding) lists {@code token}. */
    boolean lists(String name, String token) {
        for (String value : values(name)) {
            for (String part : value.split(",")) {
                if (part.strip().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** One CRLF-terminated line (a bare LF is accepted, a bare CR is not), counted against the head's budget. */
    private static String line(InputStream in, int[] budget, boolean first) throws IOException, Malformed {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (first && b.isEmpty()) {
                    throw new Closed();
                }
                // the peer ended its side mid-head: nothing to forward; it may still read the refusal
                throw new Malformed(400, "MALFORMED_REQUEST", "The message ended inside its head.");
            }
            first = false;
            if (--budget[0] < 0) {
                throw new Malformed(431, "HEADERS_TOO_LARGE", "the message head is larger than the front accepts");
            }
            if (c == '\r') {
                if (in.read() != '\n' || --budget[0] < 0) {
                    throw new Malformed(400, "MALFORMED_REQUEST", "a bare CR in the message head");
                }
                return b.toString();
            }
            if (c == '\n') {
                return b.toString();
            }
            if (c == 0) {
                throw new Malformed(400, "MALFORMED_REQUEST", "a NUL byte in the message head");
            }
            b.append((char) c);
        }
    }

    byte[] bytes() {
        StringBuilder b = new StringBuilder(startLine.length() + 32 * fields.size() + 4).append(startLine).append("\r\n");
        fields.forEach(f -> b.append(f.name()).append(": ").append(f.value()).append("\r\n"));
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
