package dev.ep.simulator.validate;

import java.util.List;

/**
 * The outcome of one validation: passed or not, the figures it computed (for the report, in order) and the
 * problems it found (at most {@link #MAX_PROBLEMS} listed; {@code problemCount} counts them all).
 */
public record ValidationResult(String name, boolean passed, List<String> figures, List<String> problems,
        long problemCount) {

    public static final int MAX_PROBLEMS = 20;

    public ValidationResult {
        figures = List.copyOf(figures);
        problems = List.copyOf(problems);
    }
}
