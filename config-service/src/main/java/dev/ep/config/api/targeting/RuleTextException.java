package dev.ep.config.api.targeting;

import dev.ep.targeting.TargetingException;

/**
 * A rule given as text is not JSON: a {@link TargetingException} at the rule's path that also says where in the text
 * (1-based line and column), so an editor can point at it.
 */
public final class RuleTextException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final int line;
    private final int column;

    RuleTextException(String path, String reason, int line, int column) {
        super(path + ": " + reason);
        this.path = path;
        this.line = line;
        this.column = column;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
