package dev.ep.webedge;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * Bounds a request body while it is read: the body stream fails with {@link BodyTooLargeException} as soon as it
 * passes the bound, whether or not a Content-Length was sent, so at most the bound plus one buffer is ever read. Each
 * service answers the exception with its own 413 problem.
 */
public final class BodyLimitFilter implements Filter {

    private final long limit;

    public BodyLimitFilter(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the body limit must be positive, got " + limit);
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(http) {
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

    /** Thrown while reading a request body longer than the bound. */
    public static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long limit;

        BodyTooLargeException(long limit) {
            super("the request body is larger than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
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

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
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
