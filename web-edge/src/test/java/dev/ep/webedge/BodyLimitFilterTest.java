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

    private static HttpServletRequest request(byte[] body) {
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
        };
    }
}
