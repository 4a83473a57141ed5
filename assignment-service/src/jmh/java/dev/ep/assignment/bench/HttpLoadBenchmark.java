package dev.ep.assignment.bench;

import dev.ep.assignment.it.ConfigRecords;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.Range;
import dev.ep.events.v1.Targeting;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.load.OpenLoop;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP benchmark, in one run: the service (packaged exec jar, its own JVM) with 100 running experiments in 10
 * layers and Kafka emission on (the test platform's KRaft broker and registry), against a static-JSON endpoint of the
 * same service (same framework, same body read, no work) as the floor.
 *
 * <ol>
 *   <li>Open loop: requests are sent at a fixed rate (default 2,000/s) regardless of responses; each latency is
 *       measured from the request's <em>intended</em> send time (no coordinated omission), recorded in an HdrHistogram;
 *       p50/p99/p99.9/max per target.</li>
 *   <li>Maximum throughput: {@code wrk} (Debian package) when installed, else a closed-loop Java client, against
 *       both targets; the service's share of the floor.</li>
 * </ol>
 * Results: a table on stdout, {@code target/benchmarks/http-results.json} and {@code http-results.md}.
 *
 * <p>Arguments (all optional): {@code rate=2000 seconds=30 warmup=15 throughputSeconds=15 connections=16
 * "jvm=-Xms512m -Xmx512m"} (the service's JVM options).
 */
public final class HttpLoadBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private HttpLoadBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the in-process broker and registry have non-daemon threads
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("rate", "2000", "seconds", "30", "warmup", "15",
                "throughputSeconds", "15", "connections", "16", "jvm", "-Xms512m -Xmx512m"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            options.put(kv[0], kv[1]);
        }
        int rate = Integer.parseInt(options.get("rate"));
        int seconds = Integer.parseInt(options.get("seconds"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int throughputSeconds = Integer.parseInt(options.get("throughputSeconds"));
        int connections = Integer.parseInt(options.get("connections"));
        Path jar = serviceJar();

        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        long lastSequence = publishConfiguration(kafka, registry);
        int port = freePort();
        Path dataDir = Files.createTempDirectory("assignment-bench");
        Process service = startService(jar, port, kafka, registry, dataDir, options.get("jvm"),
                Path.of("target", "bench-service.log"), List.of("--ep.assignment.benchmark-endpoint=true",
                        "--logging.level.root=WARN", "--logging.level.dev.ep=WARN"));
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            awaitReady(client, base, lastSequence);
            List<byte[]> bodies = FloorLoad.bodies(20_000);
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("floor (static JSON)", base + "/bench/static");
            targets.put("service (/v1/assign, 100 experiments, Kafka on)", base + "/v1/assign");

            System.out.printf("Warm-up: %d s closed loop, then %d s open loop, per target%n", warmup, warmup);
            for (String url : targets.values()) {
                maxThroughput(client, url, bodies, warmup, 8, false);
                openLoop(client, url, bodies, rate, warmup);
            }
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("time", Instant.now().toString());
            results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("java.version"));
            results.put("rate", rate);
            results.put("serviceJvm", options.get("jvm"));
            results.put("seconds", seconds);
            Map<String, Object> openLoop = new LinkedHashMap<>();
            for (Map.Entry<String, String> t : targets.entrySet()) {
                System.out.printf("Open loop %s at %d req/s for %d s%n", t.getKey(), rate, seconds);
                openLoop.put(t.getKey(), openLoop(client, t.getValue(), bodies, rate, seconds));
            }
            results.put("openLoop", openLoop);
            Map<String, Object> throughput = new LinkedHashMap<>();
            for (Map.Entry<String, String> t : targets.entrySet()) {
                System.out.printf("Max throughput %s for %d s%n", t.getKey(), throughputSeconds);
                throughput.put(t.getKey(), maxThroughput(client, t.getValue(), bodies, throughputSeconds,
                        connections, true));
            }
            results.put("maxThroughput", throughput);
            double floor = ((Number) ((Map<?, ?>) throughput.get("floor (static JSON)")).get("requestsPerSecond"))
                    .doubleValue();
            double svc = ((Number) ((Map<?, ?>) throughput.values().toArray()[1]).get("requestsPerSecond"))
                    .doubleValue();
            results.put("serviceShareOfFloor", Math.round(svc / floor * 1000) / 1000.0);
            write(results);
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
            if (service.isAlive()) {
                service.destroyForcibly();
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------------ set-up

    static Path serviceJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("package the service first (exec jar)"));
        }
    }

    /** Publishes the default benchmark configuration as config-service would; returns the last record's sequence. */
    static long publishConfiguration(String kafka, String registry) throws Exception {
        return publishConfiguration(kafka, registry, BenchmarkConfig.DEFAULT);
    }

    /** Publishes the benchmark configuration of {@code shape}; returns the last record's sequence. */
    static long publishConfiguration(String kafka, String registry, BenchmarkConfig.Shape shape) throws Exception {
        long last = 0;
        try (ConfigRecords config = new ConfigRecords(kafka, registry)) {
            config.send(ConfigRecords.holdout(100));
            for (int l = 0; l < shape.layers(); l++) {
                config.send(ConfigRecords.layer(shape.layerId(l)));
            }
            for (BenchmarkConfig.Spec spec : BenchmarkConfig.experiments(shape)) {
                last = config.send(ConfigRecords.snapshot(experiment(spec).build(), 3));
            }
        }
        return last;
    }

    /** One benchmark experiment as config-service publishes it. */
    static ExperimentState.Builder experiment(BenchmarkConfig.Spec spec) {
        return ConfigRecords.experiment(spec.id(), spec.layer(), spec.bucketEnd() - spec.bucketStart(), "control",
                        3_334, "b", 3_333, "c", 3_333)
                .setBuckets(List.of(Range.newBuilder().setStart(spec.bucketStart()).setEnd(spec.bucketEnd()).build()))
                .setTargeting(Targeting.newBuilder().setPages(spec.pages()).setRule(spec.rule()).build());
    }

    /** Starts the packaged service in its own JVM, output to {@code log}. */
    static Process startService(Path jar, int port, String kafka, String registry, Path dataDir, String jvm, Path log,
            List<String> arguments) throws IOException {
        return startService(Path.of(System.getProperty("java.home")), jar, port, kafka, registry, dataDir, jvm, log,
                arguments);
    }

    /** The same on the JDK at {@code javaHome}. */
    static Process startService(Path javaHome, Path jar, int port, String kafka, String registry, Path dataDir,
            String jvm, Path log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(List.of(jvm.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("EP_KAFKA_BOOTSTRAP_SERVERS", kafka);
        builder.environment().put("EP_SCHEMA_REGISTRY_URL", registry);
        // The test platform's registry starts empty: the service registers what it writes (production does not).
        builder.environment().put("EP_SCHEMA_REGISTRY_AUTO_REGISTER", "true");
        builder.environment().put("EP_ASSIGNMENT_DATA_DIR", dataDir.toString());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    /** Waits until the service has caught up with the configuration up to {@code sequence}. */
    static void awaitReady(HttpClient client, String base, long sequence) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        Pattern version = Pattern.compile("\"configVersion\":(\\d+)");
        while (Instant.now().isBefore(deadline)) {
            try {
                String health = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = version.matcher(health);
                if (health.contains("\"caughtUp\":true") && m.find() && Long.parseLong(m.group(1)) >= sequence) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service did not become ready; see target/bench-service.log");
    }

    // ------------------------------------------------------------------------------------------------ open loop

    /** The shared open-loop generator (test-support's {@link OpenLoop}) over 16 keep-alive connections. */
    private static Map<String, Object> openLoop(HttpClient unused, String url, List<byte[]> bodies, int rate,
            int seconds) throws Exception {
        URI uri = URI.create(url);
        OpenLoop.Result run = OpenLoop.run(uri.getHost(), uri.getPort(), rate, seconds, FloorLoad.MAX_CONNECTIONS,
                (connection, i) -> connection.post(uri.getPath(), bodies.get((int) (i % bodies.size()))));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", run.requests());
        result.put("errors", run.errors());
        result.put("connections", run.connections());
        result.put("p50Ms", run.percentileMs(50));
        result.put("p99Ms", run.percentileMs(99));
        result.put("p999Ms", run.percentileMs(99.9));
        result.put("maxMs", run.maxMs());
        return result;
    }

    static double ms(long micros) {
        return OpenLoop.ms(micros);
    }

    // ------------------------------------------------------------------------------------------------ throughput

    private static Map<String, Object> maxThroughput(HttpClient client, String url, List<byte[]> bodies, int seconds,
            int connections, boolean useWrk) throws Exception {
        if (useWrk && Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            return wrk(url, connections, seconds);
        }
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        URI uri = URI.create(url);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                int i = offset;
                while (System.nanoTime() < end) {
                    try {
                        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i++ % bodies.size())))
                                .build(), HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() >= 300) {
                            errors.incrementAndGet();
                        }
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Map.of("tool", "closed-loop Java client, " + connections + " threads", "requestsPerSecond",
                done.get() / (double) seconds, "non2xx", errors.get());
    }

    /** wrk's request body around its session id (a new session per request). */
    static final String WRK_BODY_HEAD = "{\"sessionId\":\"";
    static final String WRK_BODY_TAIL = "\",\"page\":\"cart\",\"attributes\":{\"country\":\"DE\",\"cart_value\":42.5,"
            + "\"device\":\"mobile\",\"tier\":\"gold\"}}";

    /**
     * Maximum throughput by {@code wrk -t2} (closed loop) with POST assign bodies of distinct sessions. The request
     * script is a temporary file, deleted once wrk has run.
     */
    static Map<String, Object> wrk(String url, int connections, int seconds) throws Exception {
        Path script = Files.createTempFile("wrk", ".lua");
        try {
            return wrk(script, url, connections, seconds);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static Map<String, Object> wrk(Path script, String url, int connections, int seconds) throws Exception {
        Files.writeString(script, """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                counter = 0
                request = function()
                  counter = counter + 1
                  local body = '%s' .. 'wrk-' .. counter .. '-x' .. '%s'
                  return wrk.format(nil, nil, nil, body)
                end
                """.formatted(WRK_BODY_HEAD, WRK_BODY_TAIL));
        Process wrk = new ProcessBuilder("/usr/bin/wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
                "--latency", "-s", script.toString(), url).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("unexpected wrk output: " + out);
        }
        Matcher errors = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        return Map.of("tool", "wrk -t2 -c" + connections, "requestsPerSecond", Double.parseDouble(m.group(1)),
                "non2xx", errors.find() ? Long.parseLong(errors.group(1)) : 0L);
    }

    // ------------------------------------------------------------------------------------------------ output

    private static void write(Map<String, Object> results) throws IOException {
        Path dir = Path.of("target", "benchmarks");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("http-results.json"), JSON.writeValueAsString(results));
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Open loop at %s req/s for %s s (latency from intended send time)%n%n",
                results.get("rate"), results.get("seconds")));
        table.append("| target | requests | errors | p50 ms | p99 ms | p99.9 ms | max ms |\n|---|---|---|---|---|---|---|\n");
        ((Map<?, ?>) results.get("openLoop")).forEach((name, v) -> {
            Map<?, ?> r = (Map<?, ?>) v;
            table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", name, r.get("requests"),
                    r.get("errors"), r.get("p50Ms"), r.get("p99Ms"), r.get("p999Ms"), r.get("maxMs")));
        });
        table.append("\n| target | max throughput req/s | tool | non-2xx |\n|---|---|---|---|\n");
        ((Map<?, ?>) results.get("maxThroughput")).forEach((name, v) -> {
            Map<?, ?> r = (Map<?, ?>) v;
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s |%n", name,
                    ((Number) r.get("requestsPerSecond")).doubleValue(), r.get("tool"), r.get("non2xx")));
        });
        table.append(String.format(Locale.ROOT, "%nService throughput / floor: %s%n", results.get("serviceShareOfFloor")));
        Files.writeString(dir.resolve("http-results.md"), table.toString());
        System.out.println();
        System.out.println(table);
        System.out.println("Written " + dir.resolve("http-results.json") + " and " + dir.resolve("http-results.md"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
