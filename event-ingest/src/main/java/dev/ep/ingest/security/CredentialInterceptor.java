package dev.ep.ingest.security;

import dev.ep.ingest.system.ApiException;
import dev.ep.ingest.system.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every handler of this service's own controllers (package {@code dev.ep.ingest}: the session timeline) needs a
 * credential: {@code Authorization: Bearer <viewer token>} or {@code X-Api-Key: <storefront key>}. Registered for
 * every path and decided on the <em>resolved handler</em>, not on the request URI, so no spelling of a path that
 * reaches the timeline (percent-encoded, with {@code ;} parameters, doubled slashes) gets past it. Actuator handlers
 * belong to Spring and stay open. A missing or wrong credential is a 401 problem with {@code WWW-Authenticate}.
 */
public final class CredentialInterceptor implements HandlerInterceptor {

    public static final String API_KEY_HEADER = "X-Api-Key";
    private static final String BEARER = "bearer ";
    private static final String PROTECTED_PACKAGE = "dev.ep.ingest.";

    private final Credentials credentials;

    public CredentialInterceptor(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !method.getBeanType().getName().startsWith(PROTECTED_PACKAGE)) {
            return true;
        }
        String authorization = request.getHeader("Authorization");
        String apiKey = request.getHeader(API_KEY_HEADER);
        String token = authorization != null && authorization.length() > BEARER.length()
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? authorization.substring(BEARER.length()).trim() : null;
        boolean tokenOk = credentials.acceptsToken(token);
        boolean keyOk = credentials.acceptsApiKey(apiKey);
        if (tokenOk || keyOk) {
            return true;
        }
        throw new ApiException(ErrorCode.UNAUTHENTICATED, token == null && apiKey == null
                ? "a credential is required: Authorization: Bearer <viewer token>, or " + API_KEY_HEADER
                        + ": <storefront API key>"
                : "the credential is not accepted");
    }
}
