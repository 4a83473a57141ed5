package dev.ep.webedge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.ToLongFunction;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Bounds a request body while it is read: the body stream (and reader) fails with {@link BodyTooLargeException} as
 * soon as it passes the bound, whether or not a Content-Length was sent, so at most the bound plus one buffer is ever
 * read; each service answers the exception with its own 413 problem. Given a {@link RequestGuardFilter.RefusalWriter},
 * a declared Content-Length above the bound is refused at once ({@link Refusal.Kind#PAYLOAD_TOO_LARGE}), before
 * anything reads the body; without one, that is left to the service (for example after authentication).
 */
public final class BodyLimitFilter implements Filter {

    private final ToLongFunction<HttpServletRequest> limitFor;
    private final RequestGuardFilter.RefusalWriter declaredTooLarge;

    /** One bound for every request; the declared length is left to the service. */
    public BodyLimitFilter(long limit) {
        this(positive(limit), null);
    }

    /**
     * A bound per request (for example by path), and the writer of the refusal of a declared length above it
     * ({@code null}: only the bytes read are counted).
     */
    public BodyLimitFilter(ToLongFunction<HttpServletRequest> limitFor,
                           RequestGuardFilter.RefusalWriter declaredTooLarge) {
        this.limitFor = limitFor;
        this.declaredTooLarge = declaredTooLarge;
    }

    private static ToLongFunction<HttpServletRequest> positive(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the body limit must be positive, got " + limit);
        }
        return request -> limit;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        long limit = limitFor.applyAsLong(http);
        if (limit <= 0) {
            throw new IllegalStateException("the body limit must be positive, got " + limit);
        }
        long declared = http.getContentLengthLong();
        if (declaredTooLarge != null && declared > limit) {
            declaredTooLarge.write(http, (HttpServletResponse) response, new Refusal(Refusal.Kind.PAYLOAD_TOO_LARGE,
                    "the request body of " + declared + " bytes is larger than " + limit + " bytes"));
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(http) {
            private ServletInputStream stream;
            private BufferedReader reader;

            @Override
            public ServletInputStream getInputStream() throws IOException {
                if (stream == null) {
                    stream = new Bounded(super.getInputStream(), limit);
                }
                return stream;
            }

            @Override
            public BufferedReader getReader() throws IOException {
                if (reader == null) {
                    reader = new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
                }
                return reader;
            }
        }, response);
    }

    /** The declared character encoding, UTF-8 when there is none or it is unknown or malformed. */
    static Charset charset(String encoding) {
        try {
            return encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException malformedName) {
            return StandardCharsets.UTF_8;
        }
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
