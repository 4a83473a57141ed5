package dev.ep.testsupport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket: a {@link RawRequest}'s bytes go out exactly as built, and the reply is read byte for
 * byte. A reply is complete when its status line, headers and body (by length, by chunks, or up to the close) have
 * all arrived; anything less (a close, a reset, silence past the timeout) is a {@link DroppedConnection}.
 *
 * <p>{@link #once} sends one request on a fresh connection with {@code Connection: close} and then shuts the
 * socket's output, so a body shorter than its declared length ends where the bytes end instead of keeping the server
 * waiting. An instance from {@link #connect} keeps one connection for several requests (keep-alive).
 */
public final class RawHttp implements AutoCloseable {

    /** How long a reply may keep us waiting, unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_REPLY_BYTES = 4 << 20;
    private static final int MAX_LINE_BYTES = 65_536;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int timeoutMillis;

    private RawHttp(Socket socket, int timeoutMillis) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.timeoutMillis = timeoutMillis;
    }

    /** A connection to {@code 127.0.0.1:port} for several requests. */
    public static RawHttp connect(int port) throws IOException {
        return connect("127.0.0.1", port, DEFAULT_TIMEOUT);
    }

    public static RawHttp connect(String host, int port, Duration timeout) throws IOException {
        int millis = Math.toIntExact(timeout.toMillis());
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), millis);
            socket.setSoTimeout(millis);
            return new RawHttp(socket, millis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One request on a fresh connection to {@code 127.0.0.1:port}. */
    public static RawReply once(int port, RawRequest request) throws DroppedConnection {
        return once("127.0.0.1", port, DEFAULT_TIMEOUT, request);
    }

    /**
     * One request on a fresh connection, with {@code Connection: close} unless it names its own {@code Connection};
     * the output is shut after the request, so the server sees where its bytes end.
     */
    public static RawReply once(String host, int port, Duration timeout, RawRequest request) throws DroppedConnection {
        RawRequest closing = request.header("Connection") == null ? request.header("Connection", "close") : request;
        try (RawHttp http = connect(host, port, timeout)) {
            http.write(closing.bytes());
            http.shutdownOutput();
            return http.read(closing.isHead());
        } catch (DroppedConnection e) {
            throw e;
        } catch (IOException e) {
            throw new DroppedConnection("could not connect: " + e, e);
        }
    }

    /**
     * One request on a fresh connection, for tests that expect an answer: {@code headerLines} are "Name: value", and
     * a dropped connection is an unchecked exception.
     */
    public static RawReply send(int port, String method, String target, String... headerLines) {
        try {
            return once(port, RawRequest.of(method, target).headers(headerLines));
        } catch (DroppedConnection e) {
            throw new UncheckedIOException(method + " " + target + ": no answer", e);
        }
    }

    /** Sends the request on this connection and reads its whole reply. */
    public RawReply exchange(RawRequest request) throws DroppedConnection {
        write(request.bytes());
        return read(request.isHead());
    }

    /** Whether the server has closed this connection (a read sees the end of the stream within 200 ms). */
    public boolean closedByServer() throws IOException {
        socket.setSoTimeout(200);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(timeoutMillis);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            // The server may have answered early and stopped reading: the reply decides.
        }
    }

    private void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // already closed by the server: the reply decides
        }
    }

    private RawReply read(boolean head) throws DroppedConnection {
        RawReply reply = readOne(head);
        while (reply.status() / 100 == 1 && reply.status() != 101) {
            reply = readOne(head); // an interim reply (100 Continue): the final one follows
        }
        return reply;
    }

    private RawReply readOne(boolean head) throws DroppedConnection {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new DroppedConnection("connection closed without a reply", null);
            }
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                // An HTTP/0.9 "simple response" (RFC 1945 §6): the body alone, no status line, up to the close.
                // Tomcat answers so when it reads the request line as HTTP/0.9 (e.g. an empty target).
                byte[] rest = in.readNBytes(MAX_REPLY_BYTES);
                byte[] first = (statusLine + "\n").getBytes(StandardCharsets.ISO_8859_1);
                byte[] body = java.util.Arrays.copyOf(first, first.length + rest.length);
                System.arraycopy(rest, 0, body, first.length, rest.length);
                return new RawReply(RawReply.SIMPLE_RESPONSE, Map.of(), body);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(); ; line = line()) {
                if (line == null) {
                    throw new DroppedConnection("connection ended inside the headers after " + statusLine, null);
                }
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon < 0) {
                    throw new DroppedConnection("not a header line: " + line, null);
                }
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            if (head || status == 204 || status == 304 || status / 100 == 1) {
                return new RawReply(status, headers, new byte[0]);
            }
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                return new RawReply(status, headers, chunks());
            }
            if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    throw new DroppedConnection("body ended after " + body.length + " of " + length + " bytes", null);
                }
                return new RawReply(status, headers, body);
            }
            return new RawReply(status, headers, in.readNBytes(MAX_REPLY_BYTES));
        } catch (DroppedConnection e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DroppedConnection("reading the reply failed: " + e, e);
        }
    }

    private byte[] chunks() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new DroppedConnection("chunked body ended without its last chunk", null);
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = line();
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size || body.size() + size > MAX_REPLY_BYTES) {
                throw new DroppedConnection("chunk ended early or reply too large", null);
            }
            body.writeBytes(chunk);
            line();
        }
    }

    /** One line without its CR LF, or null at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_LINE_BYTES) {
                throw new DroppedConnection("reply line longer than 64 KiB", null);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
