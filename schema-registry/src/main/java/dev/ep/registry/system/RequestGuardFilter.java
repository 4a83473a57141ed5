package dev.ep.registry.system;

import dev.ep.registry.core.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First in line for every request, answering with Confluent's error body before anything else runs:
 * <ul>
 *   <li>a method the API does not use: 405 (Tomcat itself would answer CONNECT with a 501);
 *   <li>a query string that does not decode to text: 400 (Tomcat would throw from the first parameter lookup);
 *   <li>a wildcard {@code Content-Type} such as {@code *}{@code /*}: 415 (Spring's request headers refuse to hold one);
 *   <li>a body larger than the limit: 413, checked on the declared length when there is one, and always on the bytes
 *       as they are read, so a chunked body without a length is cut off too; the body is streamed, never buffered.
 * </ul>
 */
final class RequestGuardFilter extends OncePerRequestFilter {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");

    private final long maxBodyBytes;

    RequestGuardFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, String.join(", ", new TreeSet<>(METHODS)));
            ErrorResponses.write(response, ErrorCode.METHOD_NOT_ALLOWED, ErrorResponses.plainMessage(405));
            return;
        }
        String problem = QueryStrings.problem(request.getQueryString());
        if (problem != null) {
            ErrorResponses.write(response, ErrorCode.BAD_REQUEST, "Malformed query string: " + problem);
            return;
        }
        if (isWildcard(request.getContentType())) {
            ErrorResponses.write(response, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "HTTP 415 Unsupported Media Type: a Content-Type cannot be a wildcard");
            return;
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            ErrorResponses.write(response, ErrorCode.PAYLOAD_TOO_LARGE, tooLarge());
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBodyBytes), response);
    }

    private static boolean isWildcard(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false; // unparseable: Spring ignores it and answers 415 where a body is read
        }
    }

    String tooLarge() {
        return "Request body is larger than the limit of " + maxBodyBytes + " bytes";
    }

    /** The request with its body stream counted. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private LimitedInputStream stream;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding)
                        : StandardCharsets.UTF_8;
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class LimitedInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        LimitedInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws RequestBodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new RequestBodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }

        @Override
        public int available() throws IOException {
            return delegate.available();
        }
    }
}
