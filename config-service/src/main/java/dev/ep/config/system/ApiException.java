package dev.ep.config.system;

/** A request refused at the HTTP edge (authentication, preconditions, size, parameters). */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ApiError error;

    public ApiException(ApiError error, String message) {
        super(message);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
