package dev.ep.testsupport.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP/1.1 request exactly as it goes on the wire, for what no HTTP client library sends: raw bytes and malformed
 * percent-encoding in the target, any method token, duplicate or contradictory headers, broken framing. Nothing is
 * normalised, encoded or checked. Method, target and header text are written one char per byte (ISO-8859-1), so a
 * char from {@code \u0080} to {@code \u00ff} is that raw byte.
 *
 * <p>Added only when the request does not carry them itself: {@code Host: 127.0.0.1} and, with a body,
 * {@code Content-Length} (or, with {@link #chunked(int)}, {@code Transfer-Encoding: chunked} and the body in chunks).
 * A request that names its own {@code Content-Length} or {@code Transfer-Encoding} gets its body sent as given, so a
 * bogus length or broken chunking is exactly what was asked for.
 *
 * @param method the method token, sent as given ({@code get}, {@code M-SEARCH}, {@code FOO} are fine)
 * @param target the request target, sent as given
 * @param headers header lines in order (duplicates kept)
 * @param body the body bytes, or null for none
 * @param chunkSize above 0: the body goes out in chunks of that many bytes
 */
public record RawRequest(String method, String target, List<Header> headers, byte[] body, int chunkSize) {

    public RawRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        headers = List.copyOf(headers);
    }

    /** {@code method target} with no headers and no body. */
    public static RawRequest of(String method, String target) {
        return new RawRequest(method, target, List.of(), null, 0);
    }

    public RawRequest withMethod(String newMethod) {
        return new RawRequest(newMethod, target, headers, body, chunkSize);
    }

    public RawRequest withTarget(String newTarget) {
        return new RawRequest(method, newTarget, headers, body, chunkSize);
    }

    /** One more header line (an existing one of the same name stays: use {@link #replacing} to replace). */
    public RawRequest header(String name, String value) {
        List<Header> all = new ArrayList<>(headers);
        all.add(new Header(name, value));
        return new RawRequest(method, target, all, body, chunkSize);
    }

    /** Header lines written as {@code "Name: value"}. */
    public RawRequest headers(String... lines) {
        RawRequest request = this;
        for (String line : lines) {
            Header header = Header.parse(line);
            request = request.header(header.name(), header.value());
        }
        return request;
    }

    /** Without any header of that name, then with {@code value} (null: just without). */
    public RawRequest replacing(String name, String value) {
        List<Header> all = new ArrayList<>(headers.stream().filter(h -> !h.is(name)).toList());
        if (value != null) {
            all.add(new Header(name, value));
        }
        return new RawRequest(method, target, all, body, chunkSize);
    }

    public RawRequest withBody(byte[] newBody) {
        return new RawRequest(method, target, headers, newBody, chunkSize);
    }

    /** A JSON body (UTF-8) with {@code Content-Type: application/json}. */
    public RawRequest json(String json) {
        return replacing("Content-Type", "application/json").withBody(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The body in chunks of {@code size} bytes. */
    public RawRequest chunked(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("chunk size must be positive: " + size);
        }
        return new RawRequest(method, target, headers, body, size);
    }

    /** The value of the first header of that name, or null. */
    public String header(String name) {
        return headers.stream().filter(h -> h.is(name)).map(Header::value).findFirst().orElse(null);
    }

    public boolean isHead() {
        return method.equals("HEAD");
    }

    /** The request's bytes. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length));
        write(out, method + " " + target + " HTTP/1.1\r\n");
        if (header("Host") == null) {
            write(out, "Host: 127.0.0.1\r\n");
        }
        for (Header h : headers) {
            write(out, h.name() + ": " + h.value() + "\r\n");
        }
        boolean framed = header("Content-Length") != null || header("Transfer-Encoding") != null;
        if (body != null && !framed) {
            write(out, chunkSize > 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
        }
        write(out, "\r\n");
        if (body != null) {
            out.writeBytes(chunkSize > 0 ? chunks(body, chunkSize) : body);
        }
        return out.toByteArray();
    }

    /** {@code body} in HTTP/1.1 chunks of {@code size} bytes, with the closing chunk. */
    public static byte[] chunks(byte[] body, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
        for (int start = 0; start < body.length; start += size) {
            int length = Math.min(size, body.length - start);
            write(out, Integer.toHexString(length) + "\r\n");
            out.write(body, start, length);
            write(out, "\r\n");
        }
        write(out, "0\r\n\r\n");
        return out.toByteArray();
    }

    /**
     * The request as printable text to paste into a report or a replay: the exact bytes, with CR and LF shown as
     * {@code \r\n} line ends, other control and non-ASCII bytes as {@code \xHH}, and each run longer than
     * {@code maxRun} chars shortened with its length.
     */
    public String describe(int maxRun) {
        byte[] bytes = bytes();
        StringBuilder out = new StringBuilder();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\n') {
                flush(out, run, maxRun);
                out.append("\\n\n");
            } else if (b == '\r') {
                flush(out, run, maxRun);
                out.append("\\r");
            } else if (b >= 0x20 && b < 0x7f && b != '\\') {
                run.append((char) b);
            } else {
                run.append(String.format("\\x%02X", b));
            }
        }
        flush(out, run, maxRun);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder run, int maxRun) {
        if (run.length() > maxRun) {
            out.append(run, 0, maxRun).append("...(").append(run.length()).append(" chars)");
        } else {
            out.append(run);
        }
        run.setLength(0);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public String toString() {
        return describe(200);
    }
}
