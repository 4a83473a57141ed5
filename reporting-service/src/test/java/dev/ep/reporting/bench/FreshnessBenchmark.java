package dev.ep.reporting.bench;

import dev.ep.testsupport.load.BenchmarkArguments;
import dev.ep.testsupport.load.OpenLoop;
import dev.ep.testsupport.load.RawHttpConnection;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The freshness benchmark of issue 10 A: "coverage or tracking event → visible in the REST results ≤ 1 s at p99,
 * while the platform takes 2,000 assign requests/s".
 *
 * <p>Against the whole local platform (started by {@code bench/run.sh freshness}, or already running): it creates a
 * layer and a 50/50 experiment through config-service's API (the development owner and admin tokens) and starts it at
 * 100% traffic, then sends <em>probes</em> through assignment-service's storefront API, one at a time:
 * <ul>
 *   <li><b>coverage</b>: a new session is assigned ({@code POST /v1/assign}, not timed), then its exposure token is
 *       sent to {@code POST /v1/coverage}; visible when the experiment's exposed units ({@code coverageUnits}) have
 *       grown by one;</li>
 *   <li><b>tracking</b>: an order with a distinct value for the session the previous coverage probe exposed
 *       ({@code POST /v1/events}); visible when the arms' Σ revenue ({@code revenue_per_session} sumY) has grown by
 *       that value.</li>
 * </ul>
 * Freshness = from just before the probe's request is written to the receipt of the first
 * {@code GET /v1/experiments/{id}/results} answer that reflects it; the results are polled every {@code pollMs} on a
 * keep-alive connection of their own. A probe not visible within {@code probeTimeoutMs} is counted as missed at that
 * time.
 *
 * <p>Two phases in the same run: <b>unloaded</b> (no load: the baseline), then <b>loaded</b>: test-support's
 * {@link OpenLoop} sends {@code rate} {@code POST /v1/assign} per second (new sessions, all in the experiment: a
 * decision each, which reporting-service also processes) for {@code warmup + seconds}, and probes run during the last
 * {@code seconds}. Reported per kind and phase: probes, p50/p99/max; the ratio loaded p99 / unloaded p99; the load
 * achieved (requests/s, errors, latency); the load average (the machine is shared). Goal met when, under load,
 * every probe was seen, p99 ≤ 1,000 ms for both kinds, and the load reached 95% of its rate without errors; otherwise
 * the exit status is 2.
 *
 * <p>Results: a table on stdout, {@code target/benchmarks/freshness-results.json} and {@code freshness-results.md}.
 *
 * <p>Arguments (all optional): {@code rate=2000 seconds=60 warmup=15 baseline=30 connections=32 pollMs=10
 * probeGapMs=100 probeTimeoutMs=10000 assignment=http://127.0.0.1:8080 config=http://127.0.0.1:8082
 * reporting=http://127.0.0.1:8084 kafka=127.0.0.1:9092 group=ep-reporting-v4,ep-reporting-v4-decisions loadCommand= loadJson=}.
 *
 * <p>{@code loadCommand} (a shell command; {@code bench/run.sh freshness load=simulator} sets it to the simulator's
 * {@code load} command, realistic storefront traffic): the loaded phase runs it instead of the plain assign load, and
 * reads what it achieved from the JSON file {@code loadJson} it writes when done.
 *
 * <p>Where the time goes, sampled every second on a thread of its own ({@link PipelineSampler}): assignment-service's
 * outbound queue ({@code ep_events_queued}, events not yet handed to Kafka) and reporting-service's consumer lag
 * (records its Kafka Streams applications, the comma-separated groups {@code group}, have not yet committed, over its input and internal
 * topics, also per topic) and its stream threads' metrics (the share of time in process, poll, commit, punctuate;
 * commit latency); max and mean per phase. And the CPU time each process of the platform, this benchmark's JVM and
 * the rest of the machine took in each phase ({@link ProcessCpu}), and the Kafka request traffic of the broker and of
 * every client, with the CPU-seconds per 1,000 decisions ({@link KafkaTraffic}, over JMX).
 */
public final class FreshnessBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String METRIC = "revenue_per_session";
    private static final String ATTRIBUTES = "{\"country\":\"DE\",\"device\":\"mobile\"}";

    private enum Kind { COVERAGE, TRACKING }

    /** Freshness of every probe of one kind in one phase. */
    private static final class Samples {
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long missed;

        void record(long micros) {
            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
        }

        Map<String, Object> summary() {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("probes", histogram.getTotalCount());
            r.put("missed", missed);
            r.put("p50Ms", OpenLoop.ms(histogram.getValueAtPercentile(50)));
            r.put("p99Ms", OpenLoop.ms(histogram.getValueAtPercentile(99)));
            r.put("maxMs", OpenLoop.ms(histogram.getMaxValue()));
            return r;
        }

        double p99Ms() {
            return OpenLoop.ms(histogram.getValueAtPercentile(99));
        }
    }

    private final Map<String, String> options;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final String experiment = "fresh-" + runId;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final RawHttpConnection probeConnection;
    private final RawHttpConnection pollConnection;
    private final URI assignment;
    private final URI reporting;
    private final String resultsTarget;
    private final int pollMs;
    private final long probeTimeoutNanos;
    private int probeCounter;
    /** The last session a coverage probe exposed (and saw counted): the next tracking probe orders for it. */
    private String lastCovered;

    private FreshnessBenchmark(Map<String, String> options) {
        this.options = options;
        this.assignment = URI.create(options.get("assignment"));
        this.reporting = URI.create(options.get("reporting"));
        this.probeConnection = new RawHttpConnection(assignment.getHost(), assignment.getPort());
        this.pollConnection = new RawHttpConnection(reporting.getHost(), reporting.getPort());
        this.resultsTarget = "/v1/experiments/" + experiment + "/results?metric=" + METRIC;
        this.pollMs = Integer.parseInt(options.get("pollMs"));
        this.probeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(options.get("probeTimeoutMs")));
    }

    public static void main(String[] args) {
        // the Admin client of the pipeline sampler logs its whole configuration at INFO
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int status;
        try {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("rate", "2000");
            options.put("seconds", "60");
            options.put("warmup", "15");
            options.put("baseline", "30");
            options.put("connections", "32");
            options.put("pollMs", "10");
            options.put("probeGapMs", "100");
            options.put("probeTimeoutMs", "10000");
            options.put("assignment", "http://127.0.0.1:8080");
            options.put("config", "http://127.0.0.1:8082");
            options.put("reporting", "http://127.0.0.1:8084");
            options.put("kafka", "127.0.0.1:9092");
            options.put("group", "ep-reporting-v4,ep-reporting-v4-decisions");
            options.put("loadCommand", "");
            options.put("loadJson", "");
            BenchmarkArguments.apply(options, args);
            status = new FreshnessBenchmark(options).run() ? 0 : 2;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private boolean run() throws Exception {
        int rate = Integer.parseInt(options.get("rate"));
        int seconds = Integer.parseInt(options.get("seconds"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int baseline = Integer.parseInt(options.get("baseline"));
        int connections = Integer.parseInt(options.get("connections"));
        long probeGapMs = Long.parseLong(options.get("probeGapMs"));

        awaitHealthy(options.get("config"), options.get("assignment"), options.get("reporting"));
        createAndStartExperiment();
        awaitAssigned();
        awaitResults();
        System.out.printf("Experiment %s running and visible in reporting%n", experiment);

        // a few probes to warm the paths up (not counted)
        Map<Kind, Samples> discard = samples();
        probe(Kind.COVERAGE, discard);
        probes(discard, 5, 0, probeGapMs);

        System.out.println("Waiting for reporting-service's stream to catch up (a backlog from before would delay "
                + "every probe)");
        long lagAtStart = PipelineSampler.awaitCaughtUp(options.get("kafka"), options.get("group"), 100,
                Duration.ofMinutes(10));
        String loadAverageBefore = loadAverage();
        System.out.printf("Unloaded: probes for %d s; load average %s%n", baseline, loadAverageBefore);
        Map<Kind, Samples> unloaded = samples();
        PipelineSampler.Summary unloadedPipeline;
        KafkaTraffic traffic = KafkaTraffic.attach();
        KafkaTraffic.Snapshot unloadedTrafficFrom = traffic.take();
        ProcessCpu.Snapshot unloadedFrom = ProcessCpu.take();
        try (PipelineSampler sampler = PipelineSampler.start(options.get("kafka"), options.get("group"),
                options.get("assignment"), options.get("reporting"))) {
            probes(unloaded, 0, System.nanoTime() + TimeUnit.SECONDS.toNanos(baseline), probeGapMs);
            unloadedPipeline = sampler.summary();
        }
        Map<String, Object> unloadedCpu = ProcessCpu.between(unloadedFrom, ProcessCpu.take());
        Map<String, Object> unloadedTraffic = KafkaTraffic.between(unloadedTrafficFrom, traffic.take(), unloadedCpu);

        System.out.printf("Loaded: open loop of POST /v1/assign at %d req/s for %d s (warm-up) + %d s with probes%n",
                rate, warmup, seconds);
        boolean external = !options.get("loadCommand").isBlank();
        CompletableFuture<Process> command = !external ? null : CompletableFuture.completedFuture(
                new ProcessBuilder("bash", "-c", options.get("loadCommand")).inheritIO().start());
        CompletableFuture<OpenLoop.Result> load = external ? null : CompletableFuture.supplyAsync(() -> {
            try {
                return OpenLoop.run(assignment.getHost(), assignment.getPort(), rate, warmup + seconds, connections,
                        (connection, i) -> connection.post("/v1/assign", assignBody("l-" + runId + "-" + i)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        long loadStart = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
        String loadAverageDuring = loadAverage();
        Map<Kind, Samples> loaded = samples();
        PipelineSampler.Summary loadedPipeline;
        KafkaTraffic.Snapshot loadedTrafficFrom = traffic.take();
        ProcessCpu.Snapshot loadedFrom = ProcessCpu.take();
        try (PipelineSampler sampler = PipelineSampler.start(options.get("kafka"), options.get("group"),
                options.get("assignment"), options.get("reporting"))) {
            // probes stop 1 s before the load's planned end, so none straddles it
            probes(loaded, 0, loadStart + TimeUnit.SECONDS.toNanos(warmup + seconds - 1), probeGapMs);
            loadedPipeline = sampler.summary();
        }
        Map<String, Object> loadedCpu = ProcessCpu.between(loadedFrom, ProcessCpu.take());
        Map<String, Object> loadedTraffic = KafkaTraffic.between(loadedTrafficFrom, traffic.take(), loadedCpu);
        traffic.close();
        OpenLoop.Result loadResult = external ? null : load.get();
        JsonNode externalResult = null;
        if (external) {
            int exit = command.get().waitFor();
            externalResult = JSON.readTree(Files.readString(Path.of(options.get("loadJson"))));
            System.out.printf("Load command exited with %d%n", exit);
        }
        String loadAverageAfter = loadAverage();

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("time", Instant.now().toString());
        results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.version"));
        results.put("loadAverage", Map.of("before", loadAverageBefore, "duringLoad", loadAverageDuring,
                "after", loadAverageAfter));
        results.put("busyMachine", busy(loadAverageBefore));
        results.put("experiment", experiment);
        results.put("options", options);
        results.put("unloaded", summaries(unloaded));
        results.put("loaded", summaries(loaded));
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            ratios.put(key(kind), Math.round(loaded.get(kind).p99Ms()
                    / Math.max(0.01, unloaded.get(kind).p99Ms()) * 100) / 100.0);
        }
        results.put("loadedP99ToUnloadedP99", ratios);
        results.put("reportingLagAtStart", lagAtStart);
        results.put("pipeline", Map.of("unloaded", unloadedPipeline.asMap(), "loaded", loadedPipeline.asMap()));
        results.put("streamThreadMetrics", Map.of("unloaded", unloadedPipeline.streamThread(),
                "loaded", loadedPipeline.streamThread()));
        results.put("cpuSeconds", Map.of("unloaded", unloadedCpu, "loaded", loadedCpu));
        results.put("kafkaTraffic", Map.of("unloaded", unloadedTraffic, "loaded", loadedTraffic));
        Map<String, Object> loadSummary = new LinkedHashMap<>();
        boolean loadHeld;
        if (external) {
            loadSummary.put("command", options.get("loadCommand"));
            loadSummary.put("result", externalResult);
            loadHeld = externalResult.path("achievedPagesPerSecond").asDouble()
                    >= 0.95 * externalResult.path("targetPagesPerSecond").asDouble()
                    && externalResult.path("errors").asLong(-1) == 0;
        } else {
            loadSummary.put("targetRate", rate);
            loadSummary.put("requests", loadResult.requests());
            loadSummary.put("achievedRate", Math.round(loadResult.achievedRate()));
            loadSummary.put("errors", loadResult.errors());
            loadSummary.put("connections", loadResult.connections());
            loadSummary.put("p50Ms", loadResult.percentileMs(50));
            loadSummary.put("p99Ms", loadResult.percentileMs(99));
            loadSummary.put("maxMs", loadResult.maxMs());
            loadSummary.put("generatorMaxLagMs", OpenLoop.ms(loadResult.maxLagMicros()));
            loadHeld = loadResult.achievedRate() >= 0.95 * rate && loadResult.errors() == 0;
        }
        results.put("load", loadSummary);
        boolean fresh = true;
        for (Kind kind : Kind.values()) {
            Samples s = loaded.get(kind);
            fresh &= s.missed == 0 && s.histogram.getTotalCount() > 0 && s.p99Ms() <= 1000;
        }
        results.put("goal", "p99 <= 1000 ms per probe kind under load, no probe missed, load >= 95% of its rate "
                + "without errors");
        results.put("goalMet", fresh && loadHeld);
        write(results);
        return fresh && loadHeld;
    }

    // ------------------------------------------------------------------------------------------------ probes

    private static Map<Kind, Samples> samples() {
        Map<Kind, Samples> m = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            m.put(kind, new Samples());
        }
        return m;
    }

    /** Alternating coverage and tracking probes, {@code count} of them, or until {@code until} (nanoTime). */
    private void probes(Map<Kind, Samples> into, int count, long until, long gapMs) throws Exception {
        for (int i = 0; count > 0 ? i < count : System.nanoTime() < until; i++) {
            probe(i % 2 == 0 ? Kind.COVERAGE : Kind.TRACKING, into);
            Thread.sleep(gapMs);
        }
    }

    private void probe(Kind kind, Map<Kind, Samples> into) throws Exception {
        int n = ++probeCounter;
        Totals before = totals();
        long sent;
        if (kind == Kind.COVERAGE) {
            String session = "p-" + runId + "-" + n;
            String token = exposureToken(session);
            byte[] body = ("{\"sessionId\":\"" + session + "\",\"page\":\"cart\",\"tokens\":[\"" + token + "\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            sent = System.nanoTime();
            expect2xx(probeConnection.post("/v1/coverage", body), "coverage");
            if (awaitVisible(into.get(kind), sent, t -> t.coverage() >= before.coverage() + 1)) {
                lastCovered = session;
            }
        } else {
            if (lastCovered == null) {
                return;
            }
            long value = 1_000 + n;
            byte[] body = ("{\"events\":[{\"eventId\":\"e-" + runId + "-" + n + "\",\"type\":\"order\",\"time\":\""
                    + Instant.now() + "\",\"sessionId\":\"" + lastCovered + "\",\"value\":" + value
                    + ",\"currency\":\"EUR\",\"orderId\":\"o-" + runId + "-" + n + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            sent = System.nanoTime();
            expect2xx(probeConnection.post("/v1/events", body), "events");
            awaitVisible(into.get(kind), sent, t -> t.revenue().compareTo(before.revenue()
                    .add(BigDecimal.valueOf(value))) >= 0);
        }
    }

    /** Polls the results until {@code seen}; records the freshness (or a miss). True when seen. */
    private boolean awaitVisible(Samples samples, long sent, Predicate<Totals> seen)
            throws Exception {
        while (true) {
            Totals now = totals();
            long at = System.nanoTime();
            if (seen.test(now)) {
                samples.record(TimeUnit.NANOSECONDS.toMicros(at - sent));
                return true;
            }
            if (at - sent > probeTimeoutNanos) {
                samples.missed++;
                samples.record(TimeUnit.NANOSECONDS.toMicros(at - sent));
                return false;
            }
            Thread.sleep(pollMs);
        }
    }

    /** What the probes look at: exposed units and Σ revenue over the current phase's arms. */
    private record Totals(long coverage, BigDecimal revenue) {
    }

    private Totals totals() throws IOException {
        RawHttpConnection.Response response;
        try {
            response = pollConnection.get(resultsTarget, "Authorization: Bearer dev-viewer-token\r\n");
        } catch (IOException closedWhileIdle) {
            // reporting-service closes a keep-alive connection idle longer than its timeout (a warm-up over 60 s):
            // the GET is idempotent, so once more on a new connection
            response = pollConnection.get(resultsTarget, "Authorization: Bearer dev-viewer-token\r\n");
        }
        if (response.status() != 200) {
            throw new IllegalStateException("results answered " + response.status() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode statistics = JSON.readTree(response.body()).path("statistics");
        long coverage = 0;
        for (JsonNode units : statistics.path("coverageUnits")) {
            coverage += units.asLong();
        }
        BigDecimal revenue = BigDecimal.ZERO;
        for (JsonNode metric : statistics.path("metrics")) {
            if (METRIC.equals(metric.path("metric").asString())) {
                for (JsonNode arm : metric.path("arms")) {
                    revenue = revenue.add(arm.path("sumY").decimalValue());
                }
            }
        }
        return new Totals(coverage, revenue);
    }

    private String exposureToken(String session) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(assignment.resolve("/v1/assign"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(assignBody(session))).build();
        JsonNode answer = JSON.readTree(send(request, "assign"));
        for (JsonNode a : answer.path("assignments")) {
            if (experiment.equals(a.path("experimentId").asString())) {
                return a.path("exposureToken").asString();
            }
        }
        throw new IllegalStateException("session " + session + " was not assigned to " + experiment + ": " + answer);
    }

    private static byte[] assignBody(String session) {
        return ("{\"sessionId\":\"" + session + "\",\"page\":\"cart\",\"attributes\":" + ATTRIBUTES + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void expect2xx(int status, String what) {
        if (status < 200 || status >= 300) {
            throw new IllegalStateException(what + " answered " + status);
        }
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private void awaitHealthy(String... bases) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        for (String base : bases) {
            while (true) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base
                            + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(base + " did not become healthy within 5 minutes");
                }
                Thread.sleep(500);
            }
        }
    }

    private void createAndStartExperiment() throws Exception {
        String config = options.get("config");
        String layer = "fresh-layer-" + runId;
        send(post(config + "/v1/layers", "dev-admin-token",
                "{\"id\":\"" + layer + "\",\"name\":\"Freshness benchmark " + runId + "\"}"), "create layer");
        send(post(config + "/v1/experiments", "dev-owner-token", """
                {"id": "%s", "name": "Freshness benchmark", "hypothesis": "none: a benchmark", "owner": "bench",
                 "layer": "%s", "treatments": [
                   {"name": "control", "control": true, "weight": 50, "variables": {}},
                   {"name": "b", "weight": 50, "variables": {}}],
                 "targeting": {"pages": ["cart"]}, "primaryMetric": "conversion"}
                """.formatted(experiment, layer)), "create experiment");
        send(post(config + "/v1/experiments/" + experiment + "/start", "dev-owner-token",
                "{\"trafficPercent\": 100, \"reason\": \"freshness benchmark\"}"), "start experiment");
    }

    private void awaitAssigned() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                exposureToken("warm-" + runId);
                return;
            } catch (IllegalStateException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void awaitResults() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            try {
                totals();
                return;
            } catch (IllegalStateException | IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reporting-service did not show " + experiment, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static HttpRequest post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private String send(HttpRequest request, String what) throws IOException {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ output

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A 1-minute load average above half the cores before the run: other work competed for the machine. */
    private static boolean busy(String loadAverage) {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]) > Runtime.getRuntime().availableProcessors() / 2.0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String key(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> summaries(Map<Kind, Samples> samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        samples.forEach((kind, s) -> m.put(key(kind), s.summary()));
        return m;
    }

    private static void write(Map<String, Object> results) throws IOException {
        Path dir = Path.of("target", "benchmarks");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("freshness-results.json"), JSON.writeValueAsString(results));
        StringBuilder md = new StringBuilder();
        Map<?, ?> load = (Map<?, ?>) results.get("load");
        md.append(String.format(Locale.ROOT, "Freshness: probe sent through assignment-service → first "
                + "GET /v1/experiments/{id}/results that reflects it (polled every %s ms)%n%n",
                ((Map<?, ?>) results.get("options")).get("pollMs")));
        md.append("| phase | probe | probes | missed | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|\n");
        for (String phase : List.of("unloaded", "loaded")) {
            ((Map<?, ?>) results.get(phase)).forEach((kind, v) -> {
                Map<?, ?> r = (Map<?, ?>) v;
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", phase, kind,
                        r.get("probes"), r.get("missed"), r.get("p50Ms"), r.get("p99Ms"), r.get("maxMs")));
            });
        }
        md.append(String.format(Locale.ROOT, "%nLoaded p99 / unloaded p99: %s (goal: loaded p99 ≤ 1000 ms)%n",
                results.get("loadedP99ToUnloadedP99")));
        if (load.containsKey("command")) {
            md.append(String.format(Locale.ROOT, "Load: %s → %s%n", load.get("command"), load.get("result")));
        } else {
            md.append(String.format(Locale.ROOT, "Load: POST /v1/assign open loop, target %s req/s, achieved %s "
                    + "req/s, %s requests, %s errors, p50 %s ms, p99 %s ms, max %s ms over %s connections%n",
                    load.get("targetRate"), load.get("achievedRate"), load.get("requests"), load.get("errors"),
                    load.get("p50Ms"), load.get("p99Ms"), load.get("maxMs"), load.get("connections")));
        }
        md.append(String.format(Locale.ROOT, "Pipeline (sampled every second): %s%n", results.get("pipeline")));
        md.append(String.format(Locale.ROOT, "CPU-seconds per process during the probes of each phase: %s%n",
                results.get("cpuSeconds")));
        md.append(String.format(Locale.ROOT, "Kafka traffic during the probes of each phase (broker requests per API, "
                + "clients' requests and fetches per second; CPU-seconds per 1,000 decisions): %s%n",
                results.get("kafkaTraffic")));
        md.append(String.format(Locale.ROOT, "Load average: %s; busy machine: %s (%s)%n", results.get("loadAverage"),
                results.get("busyMachine"), results.get("machine")));
        md.append(String.format(Locale.ROOT, "Goal met: %s%n", results.get("goalMet")));
        Files.writeString(dir.resolve("freshness-results.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written " + dir.resolve("freshness-results.json") + " and "
                + dir.resolve("freshness-results.md"));
    }
}
