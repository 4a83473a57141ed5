package dev.ep.webedge;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.Enumeration;
import java.io.IOException;
import java.util.Optional;

/**
 * First in every service's filter chain, for every path ({@code /actuator} and {@code /v3/api-docs} too): answers a
 * {@link Refusal} from {@link RequestChecks} in the service's own error shape (problem details, or Confluent's body
 * in the registry) through its {@link RefusalWriter}, before anything else reads the request. A form body whose
 * parameters cannot be decoded is refused the same way (Tomcat would throw from the first {@code getParameter}).
 * One class for every service, registered by each service with its writer; it needs the Servlet API only.
 */
public final class RequestGuardFilter implements Filter {

    /** Spring Boot's error page (no service moves it): only the container's error dispatch may render it. */
    static final String ERROR_PATH = "/error";

    private final RefusalWriter writer;
    private final boolean checkPath;

    /**
     * @param writer writes the refusal in the service's error shape
     * @param checkPath also refuse a path that is not percent-encoded UTF-8 (a service whose handlers decode path
     *     variables themselves; where Tomcat's own refusal is answered, that is enough)
     */
    public RequestGuardFilter(RefusalWriter writer, boolean checkPath) {
        this.writer = writer;
        this.checkPath = checkPath;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Optional<Refusal> refusal = RequestChecks.refusal(request.getMethod(), request.getQueryString(),
                request.getRequestURI(), request.getContentType(), checkPath);
        if (refusal.isEmpty() && ERROR_PATH.equals(request.getServletPath())) {
            // Spring Boot's error controller answers a direct request with a 500 ("status 999"): nothing failed
            refusal = Optional.of(new Refusal(Refusal.Kind.NOT_FOUND, "no such resource"));
        }
        if (refusal.isEmpty() && isForm(request.getContentType())) {
            refusal = formProblem(request);
        }
        if (refusal.isPresent()) {
            if (refusal.get().kind() == Refusal.Kind.METHOD_NOT_ALLOWED) {
                response.setHeader("Allow", String.join(", ", new java.util.TreeSet<>(RequestChecks.METHODS)));
            }
            writer.write(request, response, refusal.get());
            return;
        }
        chain.doFilter(blankAccept(request) ? new WithoutBlankAccept(request) : request, response);
    }

    /**
     * An {@code Accept} header with no value says nothing, like no header (RFC 9110 §12.5.1): some handlers (the
     * actuator's Prometheus endpoint) fail on an empty list of media types, so the blank header is hidden.
     */
    private static boolean blankAccept(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.isBlank();
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT)
                .startsWith("application/x-www-form-urlencoded");
    }

    private static Optional<Refusal> formProblem(HttpServletRequest request) {
        try {
            request.getParameterMap();
            return Optional.empty();
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.of(new Refusal(Refusal.Kind.MALFORMED_QUERY,
                    "the form body's parameters are not valid percent-encoded UTF-8"));
        }
    }

    /** The request without its blank {@code Accept} header(s). */
    private static final class WithoutBlankAccept extends HttpServletRequestWrapper {

        WithoutBlankAccept(HttpServletRequest request) {
            super(request);
        }

        private static boolean isAccept(String name) {
            return "Accept".equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isAccept(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isAccept(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
                    .filter(name -> !isAccept(name)).toList());
        }
    }

    /** Writes a refusal in the service's error shape (status, content type, body; no body for HEAD). */
    @FunctionalInterface
    public interface RefusalWriter {

        void write(HttpServletRequest request, HttpServletResponse response, Refusal refusal) throws IOException;
    }
}
