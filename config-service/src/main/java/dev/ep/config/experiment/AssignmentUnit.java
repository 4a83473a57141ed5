package dev.ep.config.experiment;

import java.util.Locale;

import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;

/**
 * What is hashed for assignment. A layer has one unit, fixed at creation, and every experiment in it hashes that
 * unit, so one unit can never hold two experiments of a layer (a session's and its user's). The holdout states its
 * unit too and covers exactly the layers of that unit.
 */
public enum AssignmentUnit {
    /** The storefront session id (default). */
    SESSION,
    /** The logged-in user id; units without one get no assignment from the experiment. */
    USER;

    /**
     * The unit a client wrote ({@code session} or {@code user}, any case), or {@code null} when it wrote none.
     *
     * @param field the request field named in the message of a refused value
     */
    public static AssignmentUnit parse(String field, String text) {
        if (text == null) {
            return null;
        }
        for (AssignmentUnit u : values()) {
            if (u.name().equalsIgnoreCase(text)) {
                return u;
            }
        }
        throw new ConfigException(ErrorCode.INVALID_FIELD, field + ": must be 'session' or 'user', got '" + text + "'");
    }

    /** As the API writes it: {@code session}, {@code user}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
