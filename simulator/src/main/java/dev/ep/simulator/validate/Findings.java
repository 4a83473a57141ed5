package dev.ep.simulator.validate;

import java.util.ArrayList;
import java.util.List;

/** Collects a validation's figures and problems (the first {@link ValidationResult#MAX_PROBLEMS} kept). */
final class Findings {

    private final String name;
    private final List<String> figures = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    Findings(String name) {
        this.name = name;
    }

    void figure(String text) {
        figures.add(text);
    }

    void problem(String text) {
        problemCount++;
        if (problems.size() < ValidationResult.MAX_PROBLEMS) {
            problems.add(text);
        }
    }

    ValidationResult result() {
        return new ValidationResult(name, problemCount == 0, figures, problems, problemCount);
    }
}
