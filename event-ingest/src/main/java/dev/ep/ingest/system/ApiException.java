package dev.ep.ingest.system;

/** A request refused with an {@link ErrorCode}; the message is the problem's {@code detail} (what to fix). */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
