package dev.ep.simulator.cli;

import dev.ep.simulator.load.LoadRun;
import dev.ep.simulator.http.PlatformSetup;
import dev.ep.simulator.model.ModelException;
import dev.ep.simulator.run.RunSettings;
import dev.ep.simulator.run.SimulationRun;
import dev.ep.simulator.validate.ValidationResult;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Dispatches the subcommands and turns outcomes into exit codes (no {@code System.exit} here, so tests call it). */
public final class Cli {

    public static final int PASSED = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int PLATFORM = 3;

    /** The statistical validation's entry point (another package of this module), called by name in this one place. */
    static final String STATISTICAL_MAIN = "dev.ep.simulator.statistical.StatisticalValidation";

    /** The demo: a realistic shop, a day of its traffic, accelerated. */
    static final String DEMO_MODEL = "/dev/ep/simulator/demo-shop.yaml";

    static final String USAGE_TEXT = """
            usage: simulator run [options]        a simulation against the platform (or --mode offline)
                   simulator demo [options]       seed the local platform: realistic experiments, a day of traffic
                   simulator statistical [args]   the offline statistical validation (A/A and planted effects)
                   simulator load [options]       open-loop storefront load (benchmarks): --rate pages/s --seconds N
            run options (defaults in brackets):
              --model FILE            the shop model, YAML [built-in default shop]
              --seed N                [1]
              --sessions N            visitor sessions (QA sessions come on top) [3000]
              --mode MODE             accelerated | realtime | offline [accelerated]
              --concurrency N         sessions in flight at most [16]
              --speed X               realtime: wall-clock compression, 60 = a minute per second [1]
              --assignment URL        assignment-service [http://127.0.0.1:8080]
              --config URL            config-service [http://127.0.0.1:8082]
              --reporting URL         reporting-service [http://127.0.0.1:8084]
              --ingest-jdbc URL       event-ingest's database (validation 4)
                                      [jdbc:postgresql://127.0.0.1:54329/event_ingest?user=postgres]
              --ledger FILE           [REPORT_DIR/ledger.jsonl]
              --ledger-max-bytes N    the ledger's bound; no new session once reached [1073741824]
              --report DIR            report.md and report.html [simulation-report]
              --run-id ID             1-12 of [a-z0-9], prefixes every id [from the clock]
              --sla-ms X              validation 1: p99.9 bound [10]
              --api-key KEY           assignment-service API key [$EP_ASSIGNMENT_API_KEY]
              --owner-team TEAM       team owning the created experiments [team-simulator]
              --currency CODE         the platform's reporting currency [$EP_REPORTING_CURRENCY or EUR]
              --no-progress           no progress bar on stderr
            load options (besides --model --seed --run-id --assignment --config --api-key --owner-team --currency):
              --rate X                storefront pages per second, open loop; each page is 1-3 requests [200]
              --seconds X             how long [60]
              --connections N         at most this many requests in flight [32]
              --json FILE             also write the figures as JSON
            config-service tokens: $EP_SIM_OWNER_TOKEN [dev-owner-token], $EP_SIM_ADMIN_TOKEN [dev-admin-token]
            reporting-service token: $EP_SIM_VIEWER_TOKEN [dev-viewer-token]
            exit code: 0 every validation passed, 1 one failed, 2 usage error, 3 platform unreachable or refused
            """;

    private Cli() {
    }

    public static int run(String[] argv, PrintStream out, PrintStream err, Map<String, String> env) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        if (args.isEmpty() || args.contains("--help") || args.contains("-h") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE_TEXT);
            return args.isEmpty() ? USAGE : PASSED;
        }
        String command = args.remove(0);
        try {
            return switch (command) {
                case "run" -> run(Args.settings(Args.parse(args), env), out, err);
                case "demo" -> run(demo(args, env), out, err);
                case "statistical" -> statistical(args, err);
                case "load" -> load(Args.load(Args.parse(args), env), out, err);
                default -> {
                    err.println("unknown command '" + command + "'");
                    err.print(USAGE_TEXT);
                    yield USAGE;
                }
            };
        } catch (IllegalArgumentException | ModelException e) {
            err.println("simulator: " + e.getMessage());
            return USAGE;
        }
    }

    private static int load(LoadRun.Settings settings, PrintStream out, PrintStream err) {
        try {
            LoadRun.execute(settings, out, err);
            return PASSED;
        } catch (PlatformSetup.SetupException e) {
            err.println("simulator: the platform could not be set up: " + e.getMessage());
            return PLATFORM;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("simulator: interrupted");
            return FAILED;
        }
    }

    private static RunSettings demo(List<String> args, Map<String, String> env) {
        Map<String, String> options = Args.parse(args);
        options.putIfAbsent("--sessions", "20000");
        options.putIfAbsent("--report", "simulation-demo");
        options.putIfAbsent("--sla-ms", "1000"); // the demo seeds data; it is not an SLA measurement
        RunSettings s = Args.settings(options, env);
        if (s.modelFile() != null) {
            return s;
        }
        return new RunSettings(DemoModel.extract(), s.seed(), s.sessions(), s.mode(), s.concurrency(), s.speed(),
                s.assignment(), s.config(), s.reporting(), s.ingestJdbc(), s.ledger(), s.reportDir(), s.runId(),
                s.slaMillis(), s.ledgerMaxBytes(), s.apiKey(), s.ownerToken(), s.adminToken(), s.viewerToken(), s.ownerTeam(),
                s.currency(), s.progress());
    }

    private static int run(RunSettings settings, PrintStream out, PrintStream err) {
        SimulationRun.Outcome outcome;
        try {
            outcome = SimulationRun.execute(settings, err);
        } catch (PlatformSetup.SetupException e) {
            err.println("simulator: the platform could not be set up: " + e.getMessage());
            return PLATFORM;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("simulator: interrupted");
            return FAILED;
        }
        out.printf("run %s: %d sessions (%d completed, %d failed in the simulator) in %.1f s, %d orders, revenue %d "
                + "minor units%n", outcome.header().runId(), outcome.summary().planned(), outcome.summary().completed(),
                outcome.summary().failed(), outcome.summary().durationMillis() / 1000.0, outcome.summary().orders(),
                outcome.summary().revenueMinor());
        for (ValidationResult r : outcome.results()) {
            out.println((r.passed() ? "PASS " : "FAIL ") + r.name()
                    + (r.passed() ? "" : ": " + r.problemCount() + " problem(s), first: " + r.problems().get(0)));
        }
        out.println("report: " + outcome.markdown() + " and " + outcome.html());
        return outcome.passed() ? PASSED : FAILED;
    }

    private static int statistical(List<String> args, PrintStream err) {
        try {
            Class<?> main = Class.forName(STATISTICAL_MAIN);
            Method m = main.getMethod("main", String[].class);
            m.invoke(null, (Object) args.toArray(String[]::new));
            return PASSED; // its main exits with its own code when it has one to give
        } catch (ClassNotFoundException e) {
            err.println("simulator: the statistical validation (" + STATISTICAL_MAIN + ") is not in this build");
            return USAGE;
        } catch (InvocationTargetException e) {
            err.println("simulator: the statistical validation failed: " + e.getCause());
            return FAILED;
        } catch (ReflectiveOperationException e) {
            err.println("simulator: cannot call " + STATISTICAL_MAIN + ".main: " + e);
            return USAGE;
        }
    }
}
