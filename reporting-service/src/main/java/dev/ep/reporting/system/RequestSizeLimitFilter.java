package dev.ep.reporting.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies at {@code ep.reporting.max-request-bytes}: the body stream fails with
 * {@link PayloadTooLargeException} as soon as it passes the bound, whether or not a Content-Length was sent, and
 * {@link ProblemAdvice} answers 413. At most limit + one buffer is ever read.
 */
final class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long limit;

    RequestSizeLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            private ServletInputStream stream;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new Bounded(super.getInputStream(), limit);
                }
                return stream;
            }
        }, response);
    }

    private static final class Bounded extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Bounded(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
