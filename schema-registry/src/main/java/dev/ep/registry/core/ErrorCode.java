package dev.ep.registry.core;

/**
 * Every error the registry reports, with the HTTP status and the Confluent {@code error_code} that
 * Confluent-API clients switch on. Codes are Confluent's own so that existing clients react the same way
 * they react to Confluent Schema Registry (a 40403 is "schema not found" for every client library).
 */
public enum ErrorCode {
    BAD_REQUEST(400, 400),
    /** Confluent's basic-auth answer: {@code {"error_code":401,"message":"Unauthorized"}}. */
    UNAUTHORIZED(401, 401),
    SUBJECT_NOT_FOUND(404, 40401),
    VERSION_NOT_FOUND(404, 40402),
    SCHEMA_NOT_FOUND(404, 40403),
    SUBJECT_SOFT_DELETED(404, 40404),
    SUBJECT_NOT_SOFT_DELETED(404, 40405),
    VERSION_SOFT_DELETED(404, 40406),
    VERSION_NOT_SOFT_DELETED(404, 40407),
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
    ROUTE_NOT_FOUND(404, 404),
    METHOD_NOT_ALLOWED(405, 405),
    NOT_ACCEPTABLE(406, 406),
    INCOMPATIBLE_SCHEMA(409, 409),
    PAYLOAD_TOO_LARGE(413, 413),
    UNSUPPORTED_MEDIA_TYPE(415, 415),
    UNPROCESSABLE_REQUEST(422, 422),
    INVALID_SCHEMA(422, 42201),
    INVALID_VERSION(422, 42202),
    INVALID_COMPATIBILITY_LEVEL(422, 42203),
    REFERENCE_EXISTS(422, 42206),
    INVALID_SUBJECT(422, 42208),
    INTERNAL_ERROR(500, 500),
    STORE_ERROR(500, 50001);

    private final int httpStatus;
    private final int confluentCode;

    ErrorCode(int httpStatus, int confluentCode) {
        this.httpStatus = httpStatus;
        this.confluentCode = confluentCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int confluentCode() {
        return confluentCode;
    }
}
