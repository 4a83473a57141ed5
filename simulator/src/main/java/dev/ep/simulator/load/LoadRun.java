package dev.ep.simulator.load;

import dev.ep.simulator.engine.RunIds;
import dev.ep.simulator.http.Http;
import dev.ep.simulator.http.HttpStorefront;
import dev.ep.simulator.http.PlatformSetup;
import dev.ep.simulator.model.HoldoutSpec;
import dev.ep.simulator.model.ModelLoader;
import dev.ep.simulator.model.ShopModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code simulator load}: sets the model's experiments up on the platform (as a run does, with its own run id), waits
 * until assignment-service serves them, then drives the {@link LoadGenerator}'s open-loop storefront traffic at it
 * and prints what it achieved (and writes it as JSON with {@code --json}). The experiments are left running. It
 * leaves the platform's holdout as it is and makes none of the model's scheduled changes.
 */
public final class LoadRun {

    /** What the command needs; the load's bounds are checked here, before anything is set up on the platform. */
    public record Settings(Path modelFile, long seed, String runId, double pagesPerSecond, double seconds,
            int connections, URI assignment, URI config, String apiKey, String ownerToken, String adminToken,
            String ownerTeam, String currency, Path json) {

        public Settings {
            LoadGenerator.checkBounds(pagesPerSecond, seconds, connections);
        }
    }

    private LoadRun() {
    }

    public static LoadGenerator.Result execute(Settings s, PrintStream out, PrintStream log)
            throws InterruptedException {
        ShopModel file = s.modelFile() == null ? ModelLoader.defaultModel() : ModelLoader.load(s.modelFile());
        // a load is traffic, not a change of platform-wide settings: the holdout stays as it is, no scheduled change
        ShopModel model = new ShopModel(file.name(), file.arrivals(), file.visitors(), file.start(), file.states(),
                file.orderValue(), HoldoutSpec.NONE, file.layers(), file.experiments(), file.maxPagesPerSession(),
                List.of());
        RunIds ids = new RunIds(s.runId() != null ? s.runId()
                : "l" + Long.toString(System.currentTimeMillis() / 1000, 36));
        Http http = new Http(Duration.ofSeconds(10));
        log.println("simulator load: run " + ids.runId() + ": setting up " + model.experiments().size()
                + " experiments through " + s.config());
        PlatformSetup.Setup setup = new PlatformSetup(http, s.config(), s.ownerToken(), s.adminToken(), s.ownerTeam())
                .setUp(model, ids, Map.of());
        PlatformSetup.awaitServed(http, s.assignment(), setup.lastSequence(), Duration.ofSeconds(60));
        log.printf(Locale.ROOT, "simulator load: %.0f pages/s for %.0f s, at most %d connections, against %s%n",
                s.pagesPerSecond(), s.seconds(), s.connections(), s.assignment());
        LoadGenerator.Result r = new LoadGenerator(model, ids, s.seed()).run(s.pagesPerSecond(), s.seconds(),
                s.connections(), ledger -> new HttpStorefront(http, s.assignment(), s.apiKey(), s.currency(), ledger));
        out.print(markdown(r));
        if (s.json() != null) {
            write(s.json(), summary(r, ids.runId()));
        }
        return r;
    }

    static String markdown(LoadGenerator.Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "load: %d of %d pages due in %.0f s (target %.0f pages/s): achieved %.1f "
                + "pages/s, %.1f requests/s (%d requests); %d sessions; at most %d connections%n", r.pagesDone(),
                r.pagesDue(), r.seconds(), r.targetPagesPerSecond(), r.achievedPagesPerSecond(),
                r.achievedRequestsPerSecond(), r.requests(), r.sessionsStarted(), r.connections()));
        b.append(String.format(Locale.ROOT, "errors: %d 5xx, %d 4xx, %d unanswered, %d pages dropped (never "
                + "started); generator's max dispatch lag %.2f ms%n", r.serverErrors(), r.clientErrors(),
                r.unanswered(), r.dropped(), LoadGenerator.Result.ms(r.maxDispatchLagMicros())));
        b.append("| calls | count | p50 ms | p99 ms | p99.9 ms | max ms |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        row(b, "all", r.all());
        r.perCall().forEach((call, h) -> row(b, call, h));
        b.append("Latency from the intended send time (coordinated omission corrected).\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Histogram h) {
        b.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %.2f |%n", name, h.getTotalCount(),
                LoadGenerator.Result.ms(h.getValueAtPercentile(50)), LoadGenerator.Result.ms(h.getValueAtPercentile(99)),
                LoadGenerator.Result.ms(h.getValueAtPercentile(99.9)), LoadGenerator.Result.ms(h.getMaxValue())));
    }

    /** The figures as one JSON object, e.g. for a benchmark that used this load. */
    static Map<String, Object> summary(LoadGenerator.Result r, String runId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("runId", runId);
        m.put("targetPagesPerSecond", r.targetPagesPerSecond());
        m.put("seconds", r.seconds());
        m.put("connections", r.connections());
        m.put("pagesDue", r.pagesDue());
        m.put("pagesDone", r.pagesDone());
        m.put("achievedPagesPerSecond", Math.round(r.achievedPagesPerSecond() * 10) / 10.0);
        m.put("requests", r.requests());
        m.put("achievedRequestsPerSecond", Math.round(r.achievedRequestsPerSecond() * 10) / 10.0);
        m.put("sessions", r.sessionsStarted());
        m.put("errors", r.errors());
        m.put("serverErrors", r.serverErrors());
        m.put("clientErrors", r.clientErrors());
        m.put("unanswered", r.unanswered());
        m.put("dropped", r.dropped());
        m.put("p50Ms", r.percentileMs(50));
        m.put("p99Ms", r.percentileMs(99));
        m.put("p999Ms", r.percentileMs(99.9));
        m.put("maxMs", LoadGenerator.Result.ms(r.all().getMaxValue()));
        m.put("generatorMaxLagMs", LoadGenerator.Result.ms(r.maxDispatchLagMicros()));
        return m;
    }

    private static void write(Path file, Map<String, Object> summary) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(summary) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
