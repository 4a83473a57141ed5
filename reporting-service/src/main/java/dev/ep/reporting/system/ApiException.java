package dev.ep.reporting.system;

/** A request refused with an {@link ErrorCode}; {@code field} names the offending member when there is one. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public ApiException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }
}
