package dev.ep.simulator.run;

import dev.ep.simulator.engine.ConfigChanger;
import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.engine.SessionEngine;
import dev.ep.simulator.engine.SessionPlan;
import dev.ep.simulator.engine.SessionPlans;
import dev.ep.simulator.engine.Storefront;
import dev.ep.simulator.http.Http;
import dev.ep.simulator.http.HttpStorefront;
import dev.ep.simulator.http.PlatformChanges;
import dev.ep.simulator.http.PlatformSetup;
import dev.ep.simulator.ledger.FileLedger;
import dev.ep.simulator.ledger.LedgerContents;
import dev.ep.simulator.ledger.LedgerReader;
import dev.ep.simulator.ledger.RunHeader;
import dev.ep.simulator.ledger.RunHeaders;
import dev.ep.simulator.match.IngestTotalsQuery;
import dev.ep.simulator.match.ReportsMatch;
import dev.ep.simulator.match.ReportsMatchValidation;
import dev.ep.simulator.match.ResultsClient;
import dev.ep.simulator.model.ModelLoader;
import dev.ep.simulator.model.ShopModel;
import dev.ep.simulator.offline.OfflineStorefront;
import dev.ep.simulator.report.ReportWriter;
import dev.ep.simulator.validate.ValidationResult;
import dev.ep.simulator.validate.Validations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One whole run: load the model, set the experiments up on the platform (not offline), run the sessions into the
 * ledger, read the ledger back, validate it, write the report.
 */
public final class SimulationRun {

    /** What came out; {@code passed} only when every validation passed. */
    public record Outcome(RunHeader header, RunSummary summary, LedgerContents ledger, List<ValidationResult> results,
            Path markdown, Path html) {

        public boolean passed() {
            return results.stream().allMatch(ValidationResult::passed);
        }
    }

    private SimulationRun() {
    }

    public static Outcome execute(RunSettings s, PrintStream log) throws InterruptedException {
        ShopModel model = s.modelFile() == null ? ModelLoader.defaultModel() : ModelLoader.load(s.modelFile());
        RunIds ids = new RunIds(s.runId() != null ? s.runId()
                : "r" + Long.toString(System.currentTimeMillis() / 1000, 36));
        List<SessionPlan> plans = SessionPlans.create(model, ids, s.seed(), s.sessions());
        long startedAt = System.currentTimeMillis();
        Http http = new Http(Duration.ofSeconds(10));
        RunHeader header;
        if (s.mode() == Mode.OFFLINE) {
            header = RunHeaders.of(model, ids, s.seed(), s.mode().wire(), startedAt, s.slaMillis(), plans, Map.of());
        } else {
            log.println("simulator: run " + ids.runId() + ": setting up " + model.experiments().size()
                    + " experiments through " + s.config());
            PlatformSetup.Setup setup = new PlatformSetup(http, s.config(), s.ownerToken(), s.adminToken(),
                    s.ownerTeam()).setUp(model, ids, SessionPlans.overrides(plans));
            PlatformSetup.awaitServed(http, s.assignment(), setup.lastSequence(), Duration.ofSeconds(60));
            header = RunHeaders.of(model, ids, s.seed(), s.mode().wire(), startedAt, s.slaMillis(), plans,
                    setup.phases(), setup.holdoutBasisPoints(), setup.holdoutUnit());
        }
        log.println("simulator: run " + ids.runId() + ": " + plans.size() + " sessions, mode " + s.mode().wire()
                + ", seed " + s.seed() + ", ledger " + s.ledger());
        RunSummary summary;
        try (FileLedger ledger = new FileLedger(s.ledger(), header, s.ledgerMaxBytes())) {
            Storefront storefront;
            ConfigChanger changer;
            if (s.mode() == Mode.OFFLINE) {
                OfflineStorefront offline = new OfflineStorefront(header, ledger);
                storefront = offline;
                changer = offline;
            } else {
                storefront = new HttpStorefront(http, s.assignment(), s.apiKey(), s.currency(), ledger);
                changer = new PlatformChanges(http, s.config(), s.assignment(), s.ownerToken(), ids,
                        Duration.ofSeconds(60));
            }
            Simulation simulation = new Simulation(new SessionEngine(model, ids, s.seed()),
                    s.mode(), s.concurrency(), s.speed());
            summary = simulation.run(plans, storefront, ledger, s.progress() ? log : null, model.changes(), changer);
        }
        LedgerContents contents = LedgerReader.read(s.ledger());
        List<ValidationResult> results = new ArrayList<>(Validations.run(contents));
        if (s.mode() != Mode.OFFLINE) {
            results.add(reportsMatch(s, contents, log));
        }
        ReportWriter.Written written = ReportWriter.write(s.reportDir(), contents, summary, results);
        return new Outcome(header, summary, contents, results, written.markdown(), written.html());
    }

    /**
     * Validation 4 against reporting-service (viewer token {@code $EP_SIM_VIEWER_TOKEN}, else the local platform's
     * development token) and event-ingest's database; without {@code --ingest-jdbc} it fails and says so, so a run
     * never passes with the comparison left out.
     */
    private static ValidationResult reportsMatch(RunSettings s, LedgerContents contents, PrintStream log)
            throws InterruptedException {
        if (s.reporting() == null || s.ingestJdbc() == null) {
            return new ValidationResult(ReportsMatchValidation.NAME, false, List.of(),
                    List.of("not compared: give --reporting and --ingest-jdbc (event-ingest's database)"), 1);
        }
        log.println("simulator: run " + contents.header().runId() + ": comparing the reports with the ledger");
        ReportsMatch match = ReportsMatch.of(new ResultsClient(s.reporting(), s.viewerToken(), Duration.ofSeconds(10)),
                IngestTotalsQuery.of(s.ingestJdbc(), null, null, IngestTotalsQuery.DEFAULT_WINDOW));
        return new ReportsMatchValidation(match, Duration.ofMinutes(3), Duration.ofSeconds(2)).validate(contents);
    }
}
