package dev.ep.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 over a plain socket, one request per connection ({@code Connection: close}), for what no HTTP client
 * library sends: raw bytes in the path, malformed percent-encoding, broken chunking, any method token. A reply is
 * complete when its status line, headers and body (by length, by chunks, or up to the close) have all arrived;
 * anything less is a {@link DroppedConnection}.
 */
final class RawHttp {

    private static final int MAX_REPLY_BYTES = 4 << 20;

    private final String host;
    private final int port;
    private final int timeoutMillis;

    RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = (int) timeout.toMillis();
    }

    /** A complete reply. */
    record Reply(int status, Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return RegistryHttp.JSON.readTree(text());
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + headers.getOrDefault("content-type", "") + " "
                    + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /** The server closed or reset the connection before a complete reply. */
    static final class DroppedConnection extends IOException {

        DroppedConnection(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Request bytes: the request line, {@code Host}, {@code Connection: close}, the headers, the body. */
    static byte[] request(String method, byte[] target, Map<String, String> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(method.getBytes(StandardCharsets.ISO_8859_1));
        out.write(' ');
        out.writeBytes(target);
        out.writeBytes(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
        headers.forEach((name, value) -> out.writeBytes((name + ": " + value + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
        boolean framed = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("Content-Length")
                || name.equalsIgnoreCase("Transfer-Encoding"));
        if (body != null && !framed) {
            out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** {@code body} in HTTP/1.1 chunks of {@code chunkSize} bytes, with the closing chunk. */
    static byte[] chunked(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int start = 0; start < body.length; start += chunkSize) {
            int length = Math.min(chunkSize, body.length - start);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, start, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Sends the request and reads the whole reply; {@code head} when no body may follow the headers. */
    Reply exchange(byte[] request, boolean head) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may have answered early (and stopped reading): the reply decides.
            }
            return read(socket.getInputStream(), head);
        }
    }

    private static Reply read(InputStream in, boolean head) throws IOException {
        try {
            String statusLine = line(in);
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
                throw new DroppedConnection("no status line (got " + statusLine + ")", null);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = line(in); ; line = line(in)) {
                if (line == null) {
                    throw new DroppedConnection("connection ended inside the headers after " + statusLine, null);
                }
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            if (head || status == 204 || status == 304 || status / 100 == 1) {
                return new Reply(status, headers, new byte[0]);
            }
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                return new Reply(status, headers, chunks(in));
            }
            if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    throw new DroppedConnection("body ended after " + body.length + " of " + length + " bytes", null);
                }
                return new Reply(status, headers, body);
            }
            return new Reply(status, headers, in.readNBytes(MAX_REPLY_BYTES));
        } catch (DroppedConnection e) {
            throw e;
        } catch (IOException e) {
            throw new DroppedConnection("reading the reply failed: " + e, e);
        }
    }

    private static byte[] chunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new DroppedConnection("chunked body ended without its last chunk", null);
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (true) {
                    String trailer = line(in);
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
            line(in);
        }
    }

    /** One CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > 65_536) {
                throw new DroppedConnection("header line longer than 64 KiB", null);
            }
        }
        return null;
    }
}
