package dev.ep.config.security;

import java.util.Optional;

import dev.ep.config.system.ApiError;
import dev.ep.config.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every {@code /v1} request needs {@code Authorization: Bearer <token>}: reads (GET, HEAD) any role, writes
 * {@code owner} or {@code admin}, handlers marked {@link AdminOnly} (layers, the holdout) {@code admin}; handlers
 * marked {@link ChangesNothing} (validations) count as reads. 401
 * without or with an unknown token, 403 for a role that may not; both thrown as
 * {@link ApiException} so they become problem details like every other error.
 */
public final class BearerTokenInterceptor implements HandlerInterceptor {

    /** Request attribute holding the {@link Caller}. */
    public static final String CALLER = BearerTokenInterceptor.class.getName() + ".caller";
    private static final String PREFIX = "bearer ";

    private final TokenAuthenticator authenticator;

    public BearerTokenInterceptor(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("OPTIONS".equals(request.getMethod())) {
            return true;
        }
        String header = request.getHeader("Authorization");
        if (header == null || header.length() <= PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new ApiException(ApiError.UNAUTHENTICATED, "a bearer token is required (Authorization: Bearer <token>)");
        }
        Optional<Caller> caller = authenticator.authenticate(header.substring(PREFIX.length()).trim());
        if (caller.isEmpty()) {
            throw new ApiException(ApiError.UNAUTHENTICATED, "the bearer token is not valid");
        }
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                || handler instanceof HandlerMethod m && m.hasMethodAnnotation(ChangesNothing.class);
        if (!read && !caller.get().role().canWrite()) {
            throw new ApiException(ApiError.FORBIDDEN, "'" + caller.get().principal() + "' has role "
                    + caller.get().role().name().toLowerCase(java.util.Locale.ROOT)
                    + "; changes need role owner or admin");
        }
        if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(AdminOnly.class)
                && !caller.get().role().canChangePlatform()) {
            throw new ApiException(ApiError.FORBIDDEN, "'" + caller.get().principal() + "' has role "
                    + caller.get().role().name().toLowerCase(java.util.Locale.ROOT)
                    + "; layers and the platform holdout need role admin");
        }
        request.setAttribute(CALLER, caller.get());
        return true;
    }
}
