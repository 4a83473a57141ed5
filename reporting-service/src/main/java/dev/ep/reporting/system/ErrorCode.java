package dev.ep.reporting.system;

/**
 * Every error this service answers, with its HTTP status; the problem {@code type} is
 * {@code https://ep.dev/problems/<code in kebab case>} and the {@code code} member the enum name.
 */
public enum ErrorCode {
    /** Sufficient statistics or parameters that no experiment could produce, or beyond the bounds. */
    INVALID_REQUEST(400),
    MALFORMED_JSON(400),
    UNKNOWN_FIELD(400),
    WRONG_TYPE(400),
    INVALID_PARAMETER(400),
    UNAUTHENTICATED(401),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500),
    /** The stream is starting or rebalancing: its results store cannot be read yet. */
    RESULTS_NOT_READY(503),
    /** Reconciliation: event-ingest's database is not configured or does not answer. */
    INGEST_UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
