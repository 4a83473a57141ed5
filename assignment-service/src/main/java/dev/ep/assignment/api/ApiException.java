package dev.ep.assignment.api;

import java.util.List;

/** A client mistake: answered as a problem detail with the code's status, never logged as an error. */
public final class ApiException extends RuntimeException {

    /** One offending field, e.g. {@code events[3].value}. */
    public record FieldError(String field, String message) {
    }

    private final ErrorCode code;
    private final transient List<FieldError> errors;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiException(ErrorCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
