package dev.ep.testsupport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Against a one-connection server on a loopback socket that records what arrived and answers what it is told. */
class RawHttpTest {

    /** Accepts one connection, reads until the client shuts its output, answers {@code reply}, closes. */
    private static CompletableFuture<byte[]> serveOnce(ServerSocket server, String reply) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                in.transferTo(received);
                socket.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                return received.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void shouldSendTheTargetByteForByteAndReadAChunkedReply() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            // given
            CompletableFuture<byte[]> received = serveOnce(server, "HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 404 \r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                    + "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
            RawRequest request = RawRequest.of("FOO", "//v1;x/%ED%A0%80/\u00ff?a=%C0%AF&a=2").header("X-A", "1")
                    .withBody("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).chunked(3);

            // when
            RawReply reply = RawHttp.once(server.getLocalPort(), request);

            // then
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.text()).isEqualTo("abcde");
            assertThat(reply.header("Content-Type")).isEqualTo("text/plain");
            assertThat(new String(received.get(), StandardCharsets.ISO_8859_1)).isEqualTo(
                    "FOO //v1;x/%ED%A0%80/\u00ff?a=%C0%AF&a=2 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: 1\r\n"
                            + "Connection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "3\r\n{\"a\r\n3\r\n\":1\r\n1\r\n}\r\n0\r\n\r\n");
        }
    }

    @Test
    void shouldSendAnOwnContentLengthAsGiven() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<byte[]> received = serveOnce(server, "HTTP/1.1 400 \r\nContent-Length: 2\r\n\r\nno");
            RawRequest request = RawRequest.of("POST", "/x").header("Content-Length", "99")
                    .withBody(new byte[] {'a', 'b'});

            RawReply reply = RawHttp.once(server.getLocalPort(), request);

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.text()).isEqualTo("no");
            assertThat(new String(received.get(), StandardCharsets.ISO_8859_1))
                    .endsWith("Content-Length: 99\r\nConnection: close\r\n\r\nab");
        }
    }

    @Test
    void shouldReportADroppedConnectionWhenTheReplyIsIncomplete() throws Exception {
        for (String partial : new String[] {"", "HTTP/1.1 200 OK\r\nContent-Le", "HTTP/1.1 200 OK\r\n"
                + "Content-Length: 10\r\n\r\nabc", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab"}) {
            try (ServerSocket server = new ServerSocket(0)) {
                serveOnce(server, partial);

                assertThatThrownBy(() -> RawHttp.once(server.getLocalPort(), RawRequest.of("GET", "/")))
                        .as(partial).isInstanceOf(DroppedConnection.class);
            }
        }
    }
}
