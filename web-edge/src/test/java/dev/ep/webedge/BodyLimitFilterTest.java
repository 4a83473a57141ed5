package dev.ep.webedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

class BodyLimitFilterTest {

    /** The filter's view of a body of {@code size} bytes, read to the end in chunks of {@code chunk}. */
    private static long readThrough(long limit, int size, int chunk) throws Exception {
        AtomicReference<ServletRequest> seen = new AtomicReference<>();
        new BodyLimitFilter(limit).doFilter(request(new byte[size]), null, (req, res) -> seen.set(req));
        ServletInputStream in = seen.get().getInputStream();
        byte[] buffer = new byte[chunk];
        long total = 0;
        int n;
        while ((n = chunk == 1 ? single(in) : in.read(buffer, 0, chunk)) > 0) {
            total += n;
        }
        return total;
    }

    private static int single(ServletInputStream in) throws IOException {
        return in.read() < 0 ? -1 : 1;
    }

    @Test
    void shouldPassABodyUpToTheLimitAndFailJustPastItWhateverTheChunks() throws Exception {
        assertThat(readThrough(100, 100, 7)).isEqualTo(100);
        assertThat(readThrough(100, 100, 1)).isEqualTo(100);
        assertThatThrownBy(() -> readThrough(100, 101, 7)).isInstanceOf(BodyLimitFilter.BodyTooLargeException.class)
                .hasMessage("the request body is larger than 100 bytes");
        assertThatThrownBy(() -> readThrough(100, 101, 1)).isInstanceOf(BodyLimitFilter.BodyTooLargeException.class);
        assertThatThrownBy(() -> new BodyLimitFilter(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseADeclaredLengthOverThePathsLimitBeforeReadingAndPassOneAtTheLimit() throws Exception {
        AtomicReference<Refusal> refused = new AtomicReference<>();
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        BodyLimitFilter filter = new BodyLimitFilter(r -> r.getRequestURI().startsWith("/v1/events") ? 1000 : 10,
                (request, response, refusal) -> refused.set(refusal));

        filter.doFilter(request(new byte[11], 11, null, "/v1/assign"), null, (req, res) -> passed.set(req));
        assertThat(passed.get()).isNull();
        assertThat(refused.get().kind()).isEqualTo(Refusal.Kind.PAYLOAD_TOO_LARGE);
        assertThat(refused.get().status()).isEqualTo(413);
        assertThat(refused.get().detail()).isEqualTo("the request body of 11 bytes is larger than 10 bytes");

        refused.set(null);
        filter.doFilter(request(new byte[11], 11, null, "/v1/events"), null, (req, res) -> passed.set(req));
        assertThat(refused.get()).isNull();
        assertThat(passed.get().getInputStream().readAllBytes()).hasSize(11);
    }

    @Test
    void shouldLeaveADeclaredLengthToTheServiceWithoutAWriterAndStillCutTheBodyOff() throws Exception {
        AtomicReference<ServletRequest> passed = new AtomicReference<>();
        new BodyLimitFilter(10).doFilter(request(new byte[11], 11, null, "/v1/x"), null, (req, res) -> passed.set(req));
        assertThatThrownBy(() -> passed.get().getInputStream().readAllBytes())
                .isInstanceOf(BodyLimitFilter.BodyTooLargeException.class);
    }

    @Test
    void shouldBoundTheReaderAndReadAMalformedOrUnknownEncodingAsUtf8() throws Exception {
        for (String encoding : new String[] {null, "@@not a charset@@", "x-unknown-charset", "UTF-8"}) {
            AtomicReference<ServletRequest> passed = new AtomicReference<>();
            byte[] body = "é".repeat(5).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            new BodyLimitFilter(10).doFilter(request(body, -1, encoding, "/v1/x"), null,
                    (req, res) -> passed.set(req));
            assertThat(passed.get().getReader().readLine()).as(String.valueOf(encoding)).isEqualTo("ééééé");

            new BodyLimitFilter(9).doFilter(request(body, -1, encoding, "/v1/x"), null, (req, res) -> passed.set(req));
            assertThatThrownBy(() -> passed.get().getReader().readLine()).isInstanceOf(BodyLimitFilter.BodyTooLargeException.class);
        }
    }

    private static HttpServletRequest request(byte[] body) {
        return request(body, -1, null, "/v1/x");
    }

    private static HttpServletRequest request(byte[] body, long declared, String encoding, String uri) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        HttpServletRequest none = (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                BodyLimitFilterTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        return new HttpServletRequestWrapper(none) {
            @Override
            public ServletInputStream getInputStream() {
                return stream;
            }

            @Override
            public long getContentLengthLong() {
                return declared;
            }

            @Override
            public String getCharacterEncoding() {
                return encoding;
            }

            @Override
            public String getRequestURI() {
                return uri;
            }
        };
    }
}
