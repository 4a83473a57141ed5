package dev.ep.reporting.access;

import dev.ep.access.BearerToken;
import dev.ep.access.TokenHashes;
import dev.ep.reporting.system.ApiException;
import dev.ep.reporting.system.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every handler of this service's own controllers (package {@code dev.ep.reporting}) needs
 * {@code Authorization: Bearer <token>} with an accepted token. Decided on the resolved handler, not on the request
 * URI, so no spelling of a path (percent-encoded, {@code ;} parameters, doubled slashes) gets past it; actuator and
 * the OpenAPI document belong to libraries and stay open. A missing or unknown token is a 401 problem.
 */
final class BearerTokenInterceptor implements HandlerInterceptor {

    private static final String PROTECTED_PACKAGE = "dev.ep.reporting.";

    private final TokenHashes accepted;

    BearerTokenInterceptor(TokenHashes accepted) {
        this.accepted = accepted;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getName().startsWith(PROTECTED_PACKAGE)) {
            return true;
        }
        String header = request.getHeader("Authorization");
        var token = BearerToken.from(header);
        if (token.isEmpty()) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "a bearer token is required (Authorization: Bearer <token>)");
        }
        if (!accepted.accepts(token.get())) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "the bearer token is not valid");
        }
        return true;
    }
}
