package dev.ep.assignment.api;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/** Every error this service answers, with its HTTP status; the problem {@code type} is derived from the name. */
public enum ErrorCode {
    MALFORMED_JSON(HttpStatus.BAD_REQUEST, "Malformed JSON"),
    MALFORMED_QUERY(HttpStatus.BAD_REQUEST, "Malformed query string"),
    UNKNOWN_FIELD(HttpStatus.BAD_REQUEST, "Unknown field"),
    WRONG_TYPE(HttpStatus.BAD_REQUEST, "Field of the wrong type"),
    MISSING_FIELD(HttpStatus.BAD_REQUEST, "Required field missing"),
    INVALID_ID(HttpStatus.BAD_REQUEST, "Invalid id"),
    INVALID_PAGE(HttpStatus.BAD_REQUEST, "Invalid page"),
    INVALID_ATTRIBUTES(HttpStatus.BAD_REQUEST, "Invalid attributes"),
    INVALID_COVER(HttpStatus.BAD_REQUEST, "Invalid cover list"),
    BATCH_TOO_LARGE(HttpStatus.BAD_REQUEST, "Too many items in one request"),
    INVALID_EVENT(HttpStatus.BAD_REQUEST, "Invalid event"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
    COVERAGE_CLAIM_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT, "Claimed treatment is not the assigned one"),
    /** Context-based coverage: the context lacks what decides whether an experiment applies (page, attribute, user). */
    COVERAGE_CONTEXT_INCOMPLETE(HttpStatus.UNPROCESSABLE_CONTENT, "Coverage context incomplete"),
    /** Token-based coverage: a token is forged, expired or another session's. */
    EXPOSURE_TOKEN_REFUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Exposure token refused"),
    API_KEY_REQUIRED(HttpStatus.UNAUTHORIZED, "Missing or wrong API key"),
    /** {@code /v1/explain} with no API key configured and explain not enabled explicitly. */
    EXPLAIN_DISABLED(HttpStatus.FORBIDDEN, "Explain disabled"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "No such resource"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** {@code /problems/invalid-id}: relative to the service, stable, documented in the README. */
    public URI type() {
        return URI.create("/problems/" + name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
}
