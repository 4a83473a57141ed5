package dev.ep.config.problem;

/**
 * A command or value was refused. The message is precise and meant for the client; it starts with
 * the field path when one field is at fault ({@code treatments[1].weight: must be positive, got 0}).
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ConfigException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
