package dev.ep.simulator.cli;

import dev.ep.simulator.load.LoadRun;
import dev.ep.simulator.run.Mode;
import dev.ep.simulator.run.RunSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses {@code run} options ({@code --name value} pairs and a few flags); an unknown option is an error. */
final class Args {

    static final Set<String> FLAGS = Set.of("--no-progress", "--demo");
    static final Set<String> OPTIONS = Set.of("--model", "--seed", "--sessions", "--mode", "--concurrency", "--speed",
            "--assignment", "--config", "--reporting", "--ingest-jdbc", "--ledger", "--report", "--run-id", "--sla-ms",
            "--ledger-max-bytes", "--api-key", "--owner-team", "--currency", "--rate", "--seconds", "--connections",
            "--json");

    private Args() {
    }

    static Map<String, String> parse(List<String> args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (FLAGS.contains(a)) {
                out.put(a, "true");
            } else if (OPTIONS.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                out.put(a, args.get(++i));
            } else {
                throw new IllegalArgumentException("unknown option '" + a + "' (see --help)");
            }
        }
        return out;
    }

    /** event-ingest's database on the local platform (./platform start: embedded PostgreSQL, user postgres). */
    static final String LOCAL_INGEST_JDBC = "jdbc:postgresql://127.0.0.1:54329/event_ingest?user=postgres";

    static RunSettings settings(Map<String, String> o, Map<String, String> env) {
        String runId = o.get("--run-id");
        Path reportDir = Path.of(o.getOrDefault("--report", "simulation-report"));
        return new RunSettings(
                o.containsKey("--model") ? Path.of(o.get("--model")) : null,
                Long.parseLong(o.getOrDefault("--seed", "1")),
                Integer.parseInt(o.getOrDefault("--sessions", "3000")),
                Mode.parse(o.getOrDefault("--mode", "accelerated")),
                Integer.parseInt(o.getOrDefault("--concurrency", "16")),
                Double.parseDouble(o.getOrDefault("--speed", "1")),
                URI.create(o.getOrDefault("--assignment", "http://127.0.0.1:8080")),
                URI.create(o.getOrDefault("--config", "http://127.0.0.1:8082")),
                URI.create(o.getOrDefault("--reporting", "http://127.0.0.1:8084")),
                o.getOrDefault("--ingest-jdbc", LOCAL_INGEST_JDBC),
                Path.of(o.getOrDefault("--ledger", reportDir.resolve("ledger.jsonl").toString())),
                reportDir,
                runId,
                Double.parseDouble(o.getOrDefault("--sla-ms", "10")),
                Long.parseLong(o.getOrDefault("--ledger-max-bytes", String.valueOf(1L << 30))),
                o.getOrDefault("--api-key", env.get("EP_ASSIGNMENT_API_KEY")),
                env.getOrDefault("EP_SIM_OWNER_TOKEN", "dev-owner-token"),
                env.getOrDefault("EP_SIM_ADMIN_TOKEN", "dev-admin-token"),
                env.getOrDefault("EP_SIM_VIEWER_TOKEN", "dev-viewer-token"),
                o.getOrDefault("--owner-team", "team-simulator"),
                o.getOrDefault("--currency", env.getOrDefault("EP_REPORTING_CURRENCY", "EUR")),
                !o.containsKey("--no-progress"));
    }

    /** {@code simulator load}: the model, seed and services as for a run, then the load's own options. */
    static LoadRun.Settings load(Map<String, String> o, Map<String, String> env) {
        for (String runOnly : List.of("--sessions", "--mode", "--concurrency", "--speed", "--reporting", "--ingest-jdbc",
                "--ledger", "--report", "--sla-ms", "--ledger-max-bytes", "--demo", "--no-progress")) {
            if (o.containsKey(runOnly)) {
                throw new IllegalArgumentException(runOnly + " is an option of run, not of load");
            }
        }
        return new LoadRun.Settings(
                o.containsKey("--model") ? Path.of(o.get("--model")) : null,
                Long.parseLong(o.getOrDefault("--seed", "1")),
                o.get("--run-id"),
                Double.parseDouble(o.getOrDefault("--rate", "200")),
                Double.parseDouble(o.getOrDefault("--seconds", "60")),
                Integer.parseInt(o.getOrDefault("--connections", "32")),
                URI.create(o.getOrDefault("--assignment", "http://127.0.0.1:8080")),
                URI.create(o.getOrDefault("--config", "http://127.0.0.1:8082")),
                o.getOrDefault("--api-key", env.get("EP_ASSIGNMENT_API_KEY")),
                env.getOrDefault("EP_SIM_OWNER_TOKEN", "dev-owner-token"),
                env.getOrDefault("EP_SIM_ADMIN_TOKEN", "dev-admin-token"),
                o.getOrDefault("--owner-team", "team-simulator"),
                o.getOrDefault("--currency", env.getOrDefault("EP_REPORTING_CURRENCY", "EUR")),
                o.containsKey("--json") ? Path.of(o.get("--json")) : null);
    }
}
