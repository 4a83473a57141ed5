package dev.ep.assignment.api;

import dev.ep.webedge.BodyLimitFilter;
import dev.ep.webedge.RefusedRequestValve;
import dev.ep.webedge.Refusal;
import dev.ep.webedge.RequestGuardFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The shared web-edge guard and valve, answering in this service's problem details ({@link ErrorCode}). */
public final class RequestEdge {

    private RequestEdge() {
    }

    /** Refusals of {@link dev.ep.webedge.RequestChecks} as this service's problems. */
    public static RequestGuardFilter guardFilter() {
        return new RequestGuardFilter(RequestEdge::refuse, false);
    }

    /**
     * The shared body bound: {@code /v1/events} allows {@code eventsLimit} (1 MB), the other endpoints
     * {@code defaultLimit} (64 KB); a declared length above it is refused before the body is read, a longer body
     * while it is read ({@link BodyLimitFilter.BodyTooLargeException}, a 413 through {@link ProblemAdvice}).
     */
    public static BodyLimitFilter bodyLimitFilter(long eventsLimit, long defaultLimit) {
        return new BodyLimitFilter(
                request -> request.getRequestURI().startsWith("/v1/events") ? eventsLimit : defaultLimit,
                RequestEdge::refuse);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal)
            throws IOException {
        ErrorCode code = switch (refusal.kind()) {
            case MALFORMED_QUERY, MALFORMED_PATH -> ErrorCode.MALFORMED_QUERY;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
            case WILDCARD_CONTENT_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case PAYLOAD_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
        };
        response.setStatus(code.status().value());
        response.setContentType("application/problem+json");
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(Problems.json(code, refusal.detail()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Tomcat's own refusals (a path it cannot decode, CONNECT, an unknown transfer coding) as problems, 4xx. */
    public static RefusedRequestValve refusedRequestValve() {
        return new RefusedRequestValve(RefusedRequestValve.ErrorBody.problemDetails(
                "/problems/", // as ErrorCode.type()
                status -> (status == 404 ? ErrorCode.NOT_FOUND : status == 405 ? ErrorCode.METHOD_NOT_ALLOWED
                        : status == 413 ? ErrorCode.PAYLOAD_TOO_LARGE
                        : status >= 400 && status < 500 ? ErrorCode.MALFORMED_QUERY : ErrorCode.INTERNAL).name()));
    }
}
