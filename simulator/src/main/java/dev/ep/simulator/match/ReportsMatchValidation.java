package dev.ep.simulator.match;

import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.Timeline;
import dev.ep.simulator.ledger.LedgerTotalsAdapter;
import dev.ep.simulator.validate.ValidationResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation 4 of a run: for every experiment of the run, reporting-service's aggregates and event-ingest's tables
 * equal the ledger's totals exactly ({@link ReportsMatch}). Both sides catch up with the run's last events within
 * seconds, so each experiment is compared again every {@code interval} until it matches or {@code patience} has
 * passed; the last comparison is the verdict (a difference that stays is a defect, not a delay).
 */
public final class ReportsMatchValidation {

    public static final String NAME = "4 the reports match";

    private final ReportsMatch match;
    private final Duration patience;
    private final Duration interval;

    public ReportsMatchValidation(ReportsMatch match, Duration patience, Duration interval) {
        this.match = match;
        this.patience = patience;
        this.interval = interval;
    }

    public ValidationResult validate(LedgerContents ledger) throws InterruptedException {
        Timeline timeline = Timeline.of(ledger);
        List<String> figures = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long problemCount = 0;
        long deadline = System.nanoTime() + patience.toNanos();
        for (LedgerTotalsAdapter.PhaseTotals phase : LedgerTotalsAdapter.byPhase(ledger)) {
            // the SQL runs on the platform's clock: the phases as config-service started them
            List<LedgerAttribution.PhaseStart> starts = LedgerTotalsAdapter.phaseStarts(timeline,
                    phase.experimentId(), false);
            MatchResult result = null;
            String error = null;
            while (true) {
                try {
                    result = match.check(phase.experimentId(), phase.phase(), phase.totals(), starts, null);
                    error = null;
                } catch (RuntimeException e) {
                    error = e.getMessage();
                }
                if ((result != null && error == null && result.matched()) || System.nanoTime() > deadline) {
                    break;
                }
                Thread.sleep(interval.toMillis());
            }
            if (error != null) {
                problemCount++;
                add(problems, phase.experimentId() + " phase " + phase.phase() + ": could not be compared: " + error);
            } else if (result.matched()) {
                figures.addAll(result.describe());
            } else {
                problemCount += result.differences().size();
                result.describe().forEach(line -> add(problems, line));
            }
        }
        return new ValidationResult(NAME, problemCount == 0, figures, problems, problemCount);
    }

    private static void add(List<String> problems, String line) {
        if (problems.size() < ValidationResult.MAX_PROBLEMS) {
            problems.add(line);
        }
    }
}
