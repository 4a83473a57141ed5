package dev.ep.config.system;

/**
 * Errors of the HTTP edge itself (the domain's are {@link dev.ep.config.problem.ErrorCode}), each with its status;
 * both are answered as RFC 9457 problem details by {@link ProblemAdvice}.
 */
public enum ApiError {
    MALFORMED_JSON(400),
    UNKNOWN_FIELD(400),
    WRONG_TYPE(400),
    INVALID_PARAMETER(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    PRECONDITION_FAILED(412),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ApiError(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
