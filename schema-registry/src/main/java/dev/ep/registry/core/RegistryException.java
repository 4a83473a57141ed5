package dev.ep.registry.core;

import java.util.Objects;

/** A failure the client can act on; the web layer turns it into Confluent's {@code {"error_code","message"}} body. */
public class RegistryException extends RuntimeException {

    private final ErrorCode code;

    public RegistryException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(ErrorCode.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(int version) {
        return new RegistryException(ErrorCode.VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    public static RegistryException schemaNotFound() {
        return new RegistryException(ErrorCode.SCHEMA_NOT_FOUND, "Schema not found");
    }

    public static RegistryException schemaNotFound(String id) {
        return new RegistryException(ErrorCode.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    public static RegistryException invalidSchema(String detail) {
        return new RegistryException(ErrorCode.INVALID_SCHEMA, "Invalid schema: " + detail);
    }
}
