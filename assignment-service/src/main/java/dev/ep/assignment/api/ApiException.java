package dev.ep.assignment.api;

import java.util.List;
import java.util.Map;

/** A client mistake: answered as a problem detail with the code's status, never logged as an error. */
public final class ApiException extends RuntimeException {

    /** One offending field, e.g. {@code events[3].value}. */
    public record FieldError(String field, String message) {
    }

    private final ErrorCode code;
    private final transient List<FieldError> errors;
    private final transient Map<String, Object> properties;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiException(ErrorCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, Map.of());
    }

    /** @param properties further problem members (RFC 9457 extensions), e.g. what a client must send */
    public ApiException(ErrorCode code, String detail, List<FieldError> errors, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
