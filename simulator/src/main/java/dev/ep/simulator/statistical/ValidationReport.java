package dev.ep.simulator.statistical;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The statistical validation's result: every check with its observed rate, band and verdict, and notes on how the
 * runs were made. {@link #toMarkdown()} is what the command prints; it depends only on the settings, never on the
 * scheduling of the threads.
 *
 * @param settings the settings of the run
 * @param checks   the checks, in report order
 * @param notes    lines printed under the table (what was simulated, per-scenario rates)
 */
public record ValidationReport(ValidationSettings settings, List<Check> checks, List<String> notes) {

    public ValidationReport {
        Objects.requireNonNull(settings, "settings");
        checks = List.copyOf(checks);
        notes = List.copyOf(notes);
    }

    /** True when every check passed: the command's exit code is 0 exactly then. */
    public boolean allPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** The names of the checks that failed. */
    public List<String> failures() {
        return checks.stream().filter(c -> !c.passed()).map(Check::name).toList();
    }

    public String toMarkdown() {
        StringBuilder out = new StringBuilder();
        out.append("## Statistical validation\n\n");
        out.append(String.format(Locale.ROOT, "%d A/A experiments, %d looks each, %d units each, α = %s, seed %d%s.%n%n",
                settings.experiments(), settings.batches(), settings.unitsPerExperiment(), settings.alpha(),
                settings.seed(), settings.defect() == Defect.NONE ? "" : ", defect injected: " + settings.defect()));
        out.append("| Check | Runs | Observed | Expected | 99.9% band | Result |\n");
        out.append("|---|---:|---:|---:|---|---|\n");
        for (Check check : checks) {
            BinomialBand band = check.band();
            String range = check.sidedness() == Check.Sidedness.AT_MOST
                    ? "≤ " + percent(band.upperRate())
                    : percent(band.lowerRate()) + " – " + percent(band.upperRate());
            out.append("| ").append(check.name())
                    .append(" | ").append(band.trials())
                    .append(" | ").append(percent(check.observedRate())).append(" (").append(check.count()).append(')')
                    .append(" | ").append(check.sidedness() == Check.Sidedness.AT_MOST ? "≤ " : "")
                    .append(percent(band.rate()))
                    .append(" | ").append(range)
                    .append(" | ").append(check.passed() ? "pass" : "**FAIL**")
                    .append(" |\n");
        }
        out.append('\n');
        for (String note : notes) {
            out.append("- ").append(note).append('\n');
        }
        out.append('\n').append(allPassed() ? "All checks passed." : "FAILED: " + String.join("; ", failures()))
                .append('\n');
        return out.toString();
    }

    static String percent(double rate) {
        return String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
