package dev.ep.ingest.system;

/** Why a request was refused, with the HTTP status it is answered with; the problem {@code type} derives from it. */
public enum ErrorCode {
    /** The session id is missing, or not of the platform's id grammar ({@code UnitIds}: 1 to 128 characters of
     * {@code [A-Za-z0-9._:@~+=/-]}). */
    MALFORMED_SESSION_ID(400),
    /** A query parameter has a value the endpoint does not know. */
    INVALID_PARAMETER(400),
    /** The request is malformed in a way Spring MVC itself refuses (e.g. an unreadable header). */
    BAD_REQUEST(400),
    /** No credential, or one not accepted (answered with {@code WWW-Authenticate}). */
    UNAUTHENTICATED(401),
    /** The path does not exist. */
    NOT_FOUND(404),
    /** The HTTP method is not supported on the path. */
    METHOD_NOT_ALLOWED(405),
    /** None of the accepted media types can be produced. */
    NOT_ACCEPTABLE(406),
    /** A request body type no endpoint reads (a wildcard {@code Content-Type} among them). */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** A declared request body over the web edge's bound. */
    PAYLOAD_TOO_LARGE(413),
    /** The history report's range would read more rows than its bound: narrow the range. */
    HISTORY_TOO_LARGE(422),
    /** Every history report slot is busy: try again shortly. */
    HISTORY_BUSY(503),
    /** The archive is not configured ({@code EP_INGEST_ARCHIVE_DIR} unset), so it cannot be run. */
    ARCHIVE_DISABLED(409),
    /** PostgreSQL could not be reached to answer. */
    STORE_UNAVAILABLE(503),
    /** Anything unexpected; logged with its stack trace. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
