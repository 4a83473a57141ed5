package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrontRequestTest {

    private static final FrontLimits LIMITS = new FrontLimits(16, 4096, 20, 1024, Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), 4, Duration.ofMillis(300),
            Duration.ofMillis(50), Duration.ofSeconds(5));
    private static final String GOOD = "POST /v1/events?x=1 HTTP/1.1\r\nHost: shop\r\nConnection: keep-alive, X-Drop\r\n"
            + "X-Drop: secret\r\nKeep-Alive: timeout=5\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

    @Test
    void shouldForwardTheEndToEndHeadersAndBodyWithoutHopByHopOnesWhenTheRequestIsValid() throws Exception {
        // when
        FrontRequest request = read(GOOD);
        String forwarded = new String(request.forwardedHead(8180), StandardCharsets.ISO_8859_1);

        // then
        assertThat(request.keepAlive()).isTrue();
        assertThat(request.replaySafe()).isTrue();
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(forwarded).isEqualTo("POST /v1/events?x=1 HTTP/1.1\r\nHost: shop\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n");
    }

    @Test
    void shouldReplayOnlyEventsWhenAskedWhatASecondSendCouldDouble() throws Exception {
        assertThat(read("POST /v1/assign HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").replaySafe()).isFalse();
        assertThat(read("POST /v1/coverage HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").replaySafe()).isFalse();
        assertThat(read("GET /v1/assign?sessionId=s&cover=all HTTP/1.1\r\nHost: a\r\n\r\n").replaySafe()).isFalse();
        assertThat(read("GET /v1/events HTTP/1.1\r\nHost: a\r\n\r\n").replaySafe()).isFalse();
        assertThat(read("POST /v1/events/ HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").replaySafe()).isFalse();
    }

    @Test
    void shouldCloseAfterTheAnswerWhenTheClientAsksOrSpeaksHttp10() throws Exception {
        assertThat(read("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
        assertThat(read("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(read("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(new String(read("GET / HTTP/1.0\r\n\r\n").forwardedHead(8180), StandardCharsets.ISO_8859_1))
                .contains("Host: 127.0.0.1:8180\r\n");
    }

    @Test
    void shouldEndCleanlyWhenTheClientClosesBetweenRequests() {
        assertThatThrownBy(() -> read("")).isInstanceOf(HttpHead.Closed.class);
        assertThatThrownBy(() -> read("GET / HTTP/1.1\r\nHost")).isInstanceOf(HttpHead.Malformed.class)
                .hasMessageContaining("ended inside its head");
        assertThatThrownBy(() -> read("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab"))
                .isInstanceOf(HttpHead.Malformed.class).hasMessageContaining("before its Content-Length");
    }

    @Test
    void shouldOnlyAcceptRefuseOrEndWhateverBytesArrive() {
        // given a seeded stream of mutations of a good request and of random bytes
        Random random = new Random(14);
        byte[] good = GOOD.getBytes(StandardCharsets.ISO_8859_1);
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes;
            if (n % 2 == 0) {
                bytes = good.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            } else {
                bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
            }

            // when / then: a request, a refusal with a 4xx/5xx status, or the end of the stream; nothing else
            try {
                FrontRequest request = FrontRequest.read(new ByteArrayInputStream(bytes), new ByteArrayOutputStream(),
                        LIMITS);
                assertThat(request.target()).startsWith("/");
                assertThat(request.body().length).isLessThanOrEqualTo(LIMITS.maxBodyBytes());
            } catch (HttpHead.Malformed e) {
                assertThat(e.status()).isBetween(400, 505);
                assertThat(e.getMessage()).matches("[\\x20-\\x7e]+");
            } catch (IOException e) {
                // the stream ended inside a message: the connection is closed
            }
        }
    }

    private static FrontRequest read(String text) throws Exception {
        return FrontRequest.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
                new ByteArrayOutputStream(), LIMITS);
    }
}
