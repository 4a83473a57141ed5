package dev.ep.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One client request as the front forwards it: validated head, body read in full (bounded), and whether it may be
 * replayed on another instance after it was sent and got no answer.
 */
record FrontRequest(String method, String target, boolean http11, boolean keepAlive, HttpHead head, byte[] body) {

    private static final Set<String> DROPPED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "upgrade", "transfer-encoding", "content-length", "expect");
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Reads the next request; answers {@code 100 Continue} itself when the client asks for it. */
    static FrontRequest read(InputStream in, OutputStream out, FrontLimits limits)
            throws IOException, HttpHead.Malformed {
        HttpHead head = HttpHead.read(in, limits.maxHeadBytes(), limits.maxHeaders());
        String[] parts = head.startLine().split(" ", -1);
        if (parts.length != 3 || !HttpHead.isToken(parts[0]) || parts[0].length() > 16) {
            throw new HttpHead.Malformed(400, "MALFORMED_REQUEST", "The request line is not METHOD target HTTP/1.1.");
        }
        String method = parts[0];
        String target = parts[1];
        if (target.isEmpty() || target.charAt(0) != '/' || !visibleAscii(target)) {
            throw new HttpHead.Malformed(400, "MALFORMED_REQUEST",
                    "The request target must be a path of visible ASCII characters starting with /.");
        }
        boolean http11;
        if (parts[2].equals("HTTP/1.1")) {
            http11 = true;
        } else if (parts[2].equals("HTTP/1.0")) {
            http11 = false;
        } else if (parts[2].matches("HTTP/[0-9]\\.[0-9]")) {
            throw new HttpHead.Malformed(505, "HTTP_VERSION_NOT_SUPPORTED", "Only HTTP/1.1 and HTTP/1.0 are served.");
        } else {
            throw new HttpHead.Malformed(400, "MALFORMED_REQUEST", "The request line is not METHOD target HTTP/1.1.");
        }
        if (http11 && head.values("Host").size() != 1) {
            throw new HttpHead.Malformed(400, "MALFORMED_REQUEST", "An HTTP/1.1 request needs exactly one Host header.");
        }
        if (!head.values("Transfer-Encoding").isEmpty()) {
            throw new HttpHead.Malformed(head.values("Content-Length").isEmpty() ? 411 : 400,
                    head.values("Content-Length").isEmpty() ? "LENGTH_REQUIRED" : "MALFORMED_REQUEST",
                    "Send the body with one Content-Length header; a Transfer-Encoding is not accepted.");
        }
        List<String> lengths = head.values("Content-Length");
        long length = 0;
        if (lengths.size() > 1) {
            throw new HttpHead.Malformed(400, "MALFORMED_REQUEST", "More than one Content-Length header.");
        }
        if (lengths.size() == 1) {
            String text = lengths.get(0);
            if (text.isEmpty() || text.length() > 12 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new HttpHead.Malformed(400, "MALFORMED_REQUEST", "Content-Length is not a number.");
            }
            length = Long.parseLong(text);
            if (length > limits.maxBodyBytes()) {
                throw new HttpHead.Malformed(413, "BODY_TOO_LARGE",
                        "The body is larger than " + limits.maxBodyBytes() + " bytes.");
            }
        }
        List<String> expect = head.values("Expect");
        if (!expect.isEmpty()) {
            if (expect.size() > 1 || !expect.get(0).equalsIgnoreCase("100-continue")) {
                throw new HttpHead.Malformed(417, "EXPECTATION_FAILED", "Only Expect: 100-continue is understood.");
            }
            if (length > 0) {
                out.write(CONTINUE);
                out.flush();
            }
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            // the client ended its side before the body it announced: refused (it can still read the answer)
            throw new HttpHead.Malformed(400, "MALFORMED_REQUEST", "The body ended before its Content-Length.");
        }
        boolean keepAlive = http11 ? !head.lists("Connection", "close") : head.lists("Connection", "keep-alive");
        return new FrontRequest(method, target, http11, keepAlive, head, body);
    }

    /**
     * Whether a request that was sent and got no answer may be sent to another instance: only events, whose
     * client-chosen ids event-ingest stores once (a replay cannot count twice). Assign and coverage emit events whose
     * ids the server makes, so a replay of one that was processed would count it again.
     */
    boolean replaySafe() {
        String path = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
        return method.equals("POST") && path.equals("/v1/events");
    }

    /** The head sent to an instance: hop-by-hop fields dropped (and those the client's Connection names). */
    byte[] forwardedHead(int backendPort) {
        StringBuilder b = new StringBuilder(512).append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (HttpHead.Field f : head.fields()) {
            String lower = f.name().toLowerCase(Locale.ROOT);
            if (DROPPED.contains(lower) || head.lists("Connection", lower)) {
                continue;
            }
            host |= lower.equals("host");
            b.append(f.name()).append(": ").append(f.value()).append("\r\n");
        }
        if (!host) {
            b.append("Host: ").append(Catalog.LOOPBACK).append(':').append(backendPort).append("\r\n");
        }
        if (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean visibleAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
