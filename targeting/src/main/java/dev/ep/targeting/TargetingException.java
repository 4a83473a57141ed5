package dev.ep.targeting;

/**
 * A targeting rule or document is invalid. {@link #path()} locates the offending node in the JSON
 * (for example {@code rule.all[2].gt}); {@link #reason()} says what is wrong with it. The message is
 * {@code path + ": " + reason}.
 */
public final class TargetingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String reason;

    public TargetingException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
