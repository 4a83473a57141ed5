package dev.ep.testsupport.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection for the load generators and benchmarks: writes a POST or GET, reads the status
 * line, headers and the body (Content-Length or chunked). Deliberately minimal, so the generator costs far less than
 * the server it measures. Not thread-safe: one thread per connection.
 */
public final class RawHttpConnection implements AutoCloseable {

    private final String host;
    private final int port;
    private Socket socket;
    private int connects;
    private OutputStream out;
    private InputStream in;

    public RawHttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends one POST and reads the whole response; returns the status code. Reconnects when needed. */
    public int post(String path, byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            return exchange(path, body);
        } catch (IOException e) {
            close();
            connect();
            return exchange(path, body);
        }
    }

    /** A status code and body. */
    public record Response(int status, byte[] body) {
    }

    /**
     * Sends one GET and reads the whole response. No retry: a failure closes the connection and is thrown (a dropped
     * connection the caller counts); the next call connects again.
     */
    public Response get(String target) throws IOException {
        return get(target, "");
    }

    /**
     * {@link #get(String)} with extra header lines, e.g. {@code "Authorization: Bearer t\r\n"} (each ending in CRLF).
     */
    public Response get(String target, String headerLines) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nAccept: application/json\r\n" + headerLines + "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(request);
            out.flush();
            return read(true);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** How many times this connection was opened (1 when the server kept it alive throughout). */
    public int connects() {
        return connects;
    }

    private void connect() throws IOException {
        connects++;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
    }

    private int exchange(String path, byte[] body) throws IOException {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        return read(false).status();
    }

    private Response read(boolean keepBody) throws IOException {
        String status = line();
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = keepBody ? new ByteArrayOutputStream(1024) : null;
        if (chunked) {
            for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                    size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                consume(size, body);
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers ignored
            }
        } else if (length > 0) {
            consume(length, body);
        }
        if (close) {
            close();
        }
        return new Response(code, body == null ? new byte[0] : body.toByteArray());
    }

    private void consume(long n, ByteArrayOutputStream body) throws IOException {
        if (body == null) {
            skip(n);
            return;
        }
        byte[] bytes = in.readNBytes((int) n);
        if (bytes.length < n) {
            throw new IOException("connection closed mid-body");
        }
        body.write(bytes);
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        throw new IOException("connection closed");
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        socket = null;
    }
}
