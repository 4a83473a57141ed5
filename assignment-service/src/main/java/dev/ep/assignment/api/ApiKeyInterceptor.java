package dev.ep.assignment.api;

import dev.ep.access.TokenHashes;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Optional storefront API key: when hashes are configured ({@code ep.assignment.api-key-hashes}, SHA-256 hex of each
 * accepted key, so the keys themselves are never stored; access-tokens {@link TokenHashes}), every handler Spring MVC
 * resolves needs an {@code X-Api-Key} whose hash matches (constant-time comparison); otherwise 401.
 *
 * <p>Why an interceptor and not a servlet filter on the path: the decision is taken on the handler the request was
 * routed to, after Tomcat and Spring MVC have decoded and normalised the path ({@code /%761/assign},
 * {@code /v1;x/assign}, {@code //v1/assign} all reach the assign handler). A filter matching the raw URI saw none of
 * those as {@code /v1}. Deny by default: every handler needs the key except the few listed as open (the OpenAPI
 * document and its UI, static resources, the error page). Actuator endpoints are served by their own handler
 * mappings without this interceptor and stay open (health probes, Prometheus).
 */
public final class ApiKeyInterceptor implements HandlerInterceptor {

    public static final String HEADER = "X-Api-Key";

    private final TokenHashes hashes;

    /**
     * @throws IllegalArgumentException when an entry is not a 64-character hex SHA-256 (likely the key itself)
     */
    public ApiKeyInterceptor(List<String> hexHashes) {
        this.hashes = TokenHashes.of("ep.assignment.api-key-hashes", hexHashes);
    }

    /** Whether a key is configured at all. */
    public boolean keyRequired() {
        return !hashes.isEmpty();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (hashes.isEmpty() || isOpen(handler)) {
            return true;
        }
        String key = request.getHeader(HEADER);
        if (hashes.accepts(key)) {
            return true;
        }
        response.setStatus(ErrorCode.API_KEY_REQUIRED.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(Problems.json(ErrorCode.API_KEY_REQUIRED,
                key == null ? "send the storefront's key in " + HEADER : "the " + HEADER + " is not accepted"));
        return false;
    }

    /** The handlers reachable without a key: the OpenAPI document and UI, static resources, the error page. */
    static boolean isOpen(Object handler) {
        if (handler instanceof ResourceHttpRequestHandler) {
            return true;
        }
        if (handler instanceof HandlerMethod method) {
            return method.getBeanType().getName().startsWith("org.springdoc.")
                    || ErrorController.class.isAssignableFrom(method.getBeanType());
        }
        return false;
    }
}
