package dev.ep.assignment.bench;

import dev.ep.testsupport.KafkaBrokerProcess;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.load.BenchmarkArguments;
import dev.ep.testsupport.load.RawHttpConnection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13's side-by-side benchmark: the static-JSON floors of the candidate web stacks and the real service, each in
 * its own JVM, all publishing one event per request to the same Kafka broker (a broker process), measured in one run.
 *
 * <ul>
 *   <li>Latency: an open-loop generator ({@link FloorLoad}, its own JVM) at a fixed rate over at most 16 keep-alive
 *       connections, latency from each request's intended send time (coordinated omission corrected), a warm-up of
 *       a few seconds on the same connections, then the measured part. Each target is measured {@code runs} times,
 *       with the generator unpinned and pinned to core 1 ({@code taskset -c 1}), the targets' order rotating from one
 *       run to the next so no target is always measured right after the same neighbour. The median of the runs is
 *       reported.</li>
 *   <li>Machine state per measurement: the 1-minute load average before and after ("busy" when the one before
 *       exceeds the core count), the CPU seconds spent during the measured part by the target, the broker, the
 *       generator, this driver (which hosts the schema registry), the other (idle) targets and the rest of the
 *       machine, and the GC pauses and longest safepoint in the target's GC log during the measured part.</li>
 *   <li>Maximum throughput: {@code wrk -t2 -c16}, once per run and target, median reported; during each, the CPU
 *       seconds of the target, the broker and the rest of the machine (wrk, this driver), the target's per thread
 *       family, and for the service its event counters (sent to Kafka, spilled to the journal, lost), so a
 *       saturation run shows where the machine's CPU went. {@code profile=true} also records each target's
 *       saturation run with JFR ({@code settings=default}: execution samples every 20 ms per thread; JFR runs in every
 *       target from its start, since starting it mid-run deoptimises the network path) into
 *       {@code <target>-wrk-run<N>.jfr} beside the results.</li>
 *   <li>Every floor's event hand-off is checked at the end: events published, acknowledged by the broker, dropped,
 *       failed.</li>
 * </ul>
 * Results: a table on stdout and in {@code target/benchmarks/floors/floors-results.md}, every measurement in
 * {@code floors-results.json}, the targets' GC logs and outputs beside them.
 *
 * <p>Arguments (all optional): {@code rate=2000 seconds=30 warmup=15 runWarmup=5 runs=3 pin=both|pinned|unpinned
 * connections=16 throughputSeconds=10 targets=tomcat,tomcat-virtual,jetty,webflux,service
 * "jvm=-Xms512m -Xmx512m -XX:+AlwaysPreTouch" jdk25=/usr/lib/jvm/temurin-25-jdk-amd64 floors=bench/floors
 * experiments=100 out=target/benchmarks/floors profile=false throughputWarmup=0}; {@code throughputWarmup} seconds of
 * wrk, not counted, precede each measured saturation run; {@code experiments} is the service's configuration (10 and 100 in 10
 * layers, more in 100: {@link BenchmarkConfig.Shape#of}), the cost curve ({@code bench/run.sh curve}) runs this
 * benchmark once per size with its own {@code out}.
 */
public final class FloorsBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String TOPIC = "bench.floor-events";
    private static final Path OUT = Path.of("target", "benchmarks", "floors");

    private FloorsBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the in-process registry has non-daemon threads
    }

    /** A target's running JVM. */
    record Running(FloorTarget target, Process process, int port, GcLog gc) {
        long pid() {
            return process.pid();
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("rate", "2000");
        options.put("seconds", "30");
        options.put("warmup", "15");
        options.put("runWarmup", "5");
        options.put("runs", "3");
        options.put("pin", "both");
        options.put("connections", "16");
        options.put("throughputSeconds", "10");
        options.put("targets", "tomcat,tomcat-virtual,jetty,webflux,service");
        options.put("jvm", "-Xms512m -Xmx512m -XX:+AlwaysPreTouch");
        options.put("jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");
        options.put("floors", "bench/floors");
        options.put("experiments", "100");
        options.put("out", OUT.toString());
        options.put("profile", "false");
        options.put("throughputWarmup", "0");
        BenchmarkArguments.apply(options, args);
        int throughputWarmup = Integer.parseInt(options.get("throughputWarmup"));
        boolean profile = Boolean.parseBoolean(options.get("profile"));
        BenchmarkConfig.Shape shape = BenchmarkConfig.Shape.of(Integer.parseInt(options.get("experiments")));
        Path out = Path.of(options.get("out"));
        int rate = Integer.parseInt(options.get("rate"));
        int seconds = Integer.parseInt(options.get("seconds"));
        int warmup = Integer.parseInt(options.get("warmup"));
        int runWarmup = Integer.parseInt(options.get("runWarmup"));
        int runs = Integer.parseInt(options.get("runs"));
        int connections = Integer.parseInt(options.get("connections"));
        int throughputSeconds = Integer.parseInt(options.get("throughputSeconds"));
        List<Boolean> pins = switch (options.get("pin")) {
            case "both" -> List.of(false, true);
            case "pinned" -> List.of(true);
            case "unpinned" -> List.of(false);
            default -> throw new IllegalArgumentException("pin=both|pinned|unpinned");
        };
        if (connections < 1 || connections > FloorLoad.MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections: 1 to " + FloorLoad.MAX_CONNECTIONS);
        }
        List<FloorTarget> targets = FloorTarget.parse(options.get("targets"));
        Path jdk17 = Path.of(System.getProperty("java.home"));
        Path jdk25 = Path.of(options.get("jdk25"));
        Path floors = Path.of(options.get("floors"));
        List<String> floorJars = List.of(Files.readString(floors.resolve("target/cp.txt")).trim().split(":"));
        Files.createDirectories(out);

        List<Running> running = new ArrayList<>();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            long brokerPid = MachineState.pidOf(broker.logFile().getParent().toString())
                    .orElseThrow(() -> new IllegalStateException("broker process not found"));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            boolean service = targets.stream().anyMatch(t -> t.kind() == FloorTarget.Kind.SERVICE);
            String registry = service ? TestPlatform.registry().url() : "";
            long lastSequence = service ? HttpLoadBenchmark.publishConfiguration(broker.bootstrapServers(), registry,
                    shape) : 0;
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            Map<String, Map<String, Double>> answerSizes = new LinkedHashMap<>();
            for (FloorTarget target : targets) {
                System.out.printf("Starting %s: %s%n", target.name(), target.description());
                // JFR from the start when profiling: starting it later re-instruments the JDK's socket classes and
                // deoptimises the network path mid-run (a saturation run fell from 25,900 to 3,300 req/s)
                String jvm = profile ? options.get("jvm") + " -XX:StartFlightRecording=name=base,settings=default,maxage=1m"
                        : options.get("jvm");
                Running r = start(target, target.jdk25() ? jdk25 : jdk17, jvm, floors, floorJars,
                        broker.bootstrapServers(), registry, out);
                running.add(r);
                if (target.kind() == FloorTarget.Kind.SERVICE) {
                    HttpLoadBenchmark.awaitReady(client, "http://127.0.0.1:" + r.port(), lastSequence);
                    answerSizes.put(target.name(), answerSize(client, r));
                    System.out.println("  " + target.name() + "'s answers to wrk's requests: "
                            + answerSizes.get(target.name()));
                } else {
                    awaitFloor(r, out);
                }
            }
            Path generatorClasspath = Path.of("target", "bench-classpath.txt");
            String generatorCp = "target/test-classes:target/classes:" + Files.readString(generatorClasspath).trim();
            Function<Running, Map<String, Long>> pids = r -> {
                Map<String, Long> m = new LinkedHashMap<>();
                m.put("target", r.pid());
                m.put("broker", brokerPid);
                m.put("driver (registry)", ProcessHandle.current().pid());
                return m;
            };

            System.out.printf("Warm-up: %d s open loop at %d req/s per target%n", warmup, rate);
            for (Running r : running) {
                measure(r, running, pids.apply(r), generatorCp, jdk17, false, rate, warmup, 1, connections, 0, out);
            }
            List<Map<String, Object>> measurements = new ArrayList<>();
            List<Map<String, Object>> throughput = new ArrayList<>();
            Map<String, Object> results = new LinkedHashMap<>();
            results.put("time", Instant.now().toString());
            results.put("machine", MachineState.cores() + " cores");
            results.put("configuration", shape.toString());
            results.put("options", options);
            Map<String, String> described = new LinkedHashMap<>();
            targets.forEach(t -> described.put(t.name(), t.description()));
            results.put("targets", described);
            results.put("measurements", measurements);
            results.put("serviceAnswers", answerSizes);
            results.put("throughput", throughput);
            for (int run = 1; run <= runs; run++) {
                for (int p = 0; p < pins.size(); p++) {
                    boolean pin = pins.get(p);
                    for (Running r : rotated(running, (run - 1) * pins.size() + p)) {
                        System.out.printf(Locale.ROOT, "Run %d/%d %s %s: load %.2f%n", run, runs, r.target().name(),
                                pin ? "pinned" : "unpinned", MachineState.loadAverage());
                        Map<String, Object> m = measure(r, running, pids.apply(r), generatorCp, jdk17, pin, rate,
                                runWarmup, seconds, connections, run, out);
                        measurements.add(m);
                        System.out.println("  " + m.get("latency") + " " + m.get("gc"));
                    }
                }
                for (Running r : rotated(running, run - 1)) {
                    double load = MachineState.loadAverage();
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("target", r.target().name());
                    t.put("run", run);
                    t.put("loadBefore", load);
                    t.put("busy", load > MachineState.cores());
                    if (throughputWarmup > 0) {
                        // the JIT at saturation: C2 still compiled 5 of the service's 32 CPU-s in a first wrk run
                        // after 70 s at 2,000 req/s, and under 0.4 in the next ones
                        HttpLoadBenchmark.wrk("http://127.0.0.1:" + r.port() + r.target().path(), connections,
                                throughputWarmup);
                    }
                    Map<String, Double> eventsBefore = serviceEvents(client, r);
                    double targetCpu = MachineState.processCpuSeconds(r.pid());
                    double brokerCpu = MachineState.processCpuSeconds(brokerPid);
                    double machineCpu = MachineState.machineCpuSeconds();
                    Map<String, Double> threadsBefore = MachineState.threadCpuSeconds(r.pid());
                    if (profile) {
                        // a JFR recording of the saturation run
                        jcmd(r.pid(), "JFR.start", "name=wrk", "settings=default", "duration=" + throughputSeconds + "s",
                                "filename=" + out.toAbsolutePath().resolve(r.target().name() + "-wrk-run" + run
                                        + ".jfr"));
                    }
                    t.putAll(HttpLoadBenchmark.wrk("http://127.0.0.1:" + r.port() + r.target().path(), connections,
                            throughputSeconds));
                    // where the saturated machine's CPU went: the target, the broker, the rest (wrk, the driver)
                    double target = MachineState.processCpuSeconds(r.pid()) - targetCpu;
                    double brokerUsed = MachineState.processCpuSeconds(brokerPid) - brokerCpu;
                    double machine = MachineState.machineCpuSeconds() - machineCpu;
                    t.put("cpuSeconds", Map.of("target", round(target), "broker", round(brokerUsed),
                            "rest", round(machine - target - brokerUsed)));
                    t.put("targetThreadCpuSeconds", threadDelta(threadsBefore, MachineState.threadCpuSeconds(r.pid())));
                    Map<String, Double> eventsAfter = serviceEvents(client, r);
                    if (!eventsAfter.isEmpty()) {
                        // what the saturation did to the service's event path: sent directly, or spilled to the journal
                        Map<String, Double> delta = new LinkedHashMap<>();
                        eventsAfter.forEach((k, v) -> delta.put(k, v - eventsBefore.getOrDefault(k, 0.0)));
                        t.put("events", delta);
                    }
                    System.out.printf("Throughput run %d %s: %s %s %s %s%n", run, r.target().name(),
                            t.get("requestsPerSecond"), t.get("cpuSeconds"), t.getOrDefault("events", ""),
                            t.get("targetThreadCpuSeconds"));
                    throughput.add(t);
                }
                results.put("completedRuns", run);
                write(results, targets, pins, out); // after every run: an interrupted rotation keeps what it measured
            }
            Map<String, Object> handOff = new LinkedHashMap<>();
            for (Running r : running) {
                if (r.target().kind() != FloorTarget.Kind.SERVICE) {
                    handOff.put(r.target().name(), client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + r.port() + "/floor/stats")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                }
            }
            results.put("floorEventHandOff", handOff);
            write(results, targets, pins, out);
        } finally {
            for (Running r : running) {
                r.process().destroy();
            }
            for (Running r : running) {
                if (!r.process().waitFor(20, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly();
                }
            }
        }
    }

    /**
     * The service's event counters ({@code ep_events_*} from its Prometheus endpoint, summed over their tags), so a
     * throughput run shows whether its events went straight to Kafka or were spilled to the journal; empty for a floor.
     */
    private static Map<String, Double> serviceEvents(HttpClient client, Running r) throws Exception {
        Map<String, Double> events = new LinkedHashMap<>();
        if (r.target().kind() != FloorTarget.Kind.SERVICE) {
            return events;
        }
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port()
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith("ep_events_") && (line.contains("_total") || line.startsWith("ep_events_held"))) {
                String name = line.substring(0, line.indexOf(line.contains("{") ? '{' : ' '));
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                events.merge(name, value, Double::sum);
            }
        }
        return events;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
    }

    /** The mean size and assignment count of the service's answers to 200 requests shaped as wrk's. */
    private static Map<String, Double> answerSize(HttpClient client, Running r) throws Exception {
        long bytes = 0;
        long assignments = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            String body = HttpLoadBenchmark.WRK_BODY_HEAD + "size-" + i + "-x" + HttpLoadBenchmark.WRK_BODY_TAIL;
            String answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port()
                            + r.target().path())).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            bytes += answer.getBytes(StandardCharsets.UTF_8).length;
            assignments += answer.split("\"experimentId\"", -1).length - 1;
        }
        return Map.of("meanBytes", (double) bytes / n, "meanAssignments", (double) assignments / n);
    }

    /** The thread families' CPU seconds between two readings, largest first, those of at least 0.05 s. */
    private static Map<String, Double> threadDelta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> delta.put(e.getKey(), round(e.getValue())));
        return delta;
    }

    private static <T> List<T> rotated(List<T> list, int by) {
        List<T> copy = new ArrayList<>(list);
        Collections.rotate(copy, -(by % Math.max(1, list.size())));
        return copy;
    }

    // ------------------------------------------------------------------------------------------------ targets

    static Running start(FloorTarget target, Path javaHome, String jvm, Path floors, List<String> floorJars,
            String kafka, String registry, Path out) throws IOException {
        int port = HttpLoadBenchmark.freePort();
        GcLog gc = new GcLog(out.resolve(target.name() + "-gc.log"));
        Files.deleteIfExists(out.resolve(target.name() + "-gc.log"));
        String jvmOptions = String.join(" ", jvm, target.extraJvm(), gc.jvmOption()).trim();
        Path log = out.resolve(target.name() + ".log");
        if (target.kind() == FloorTarget.Kind.SERVICE) {
            Process p = HttpLoadBenchmark.startService(javaHome, HttpLoadBenchmark.serviceJar(), port, kafka, registry,
                    Files.createTempDirectory("assignment-floors-bench"), jvmOptions, log,
                    List.of("--logging.level.root=WARN", "--logging.level.dev.ep=WARN"));
            return new Running(target, p, port, gc);
        }
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin/java").toString());
        command.addAll(List.of(jvmOptions.split("\\s+")));
        command.addAll(List.of("-cp", target.floorClasspath(floors, floorJars),
                "dev.ep.assignment.bench.floor.FloorApplication",
                "--spring.threads.virtual.enabled=" + target.kind().virtualThreads));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("FLOOR_KAFKA", kafka);
        builder.environment().put("FLOOR_TOPIC", TOPIC);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new Running(target, builder.start(), port, gc);
    }

    private static void awaitFloor(Running r, Path out) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        byte[] body = FloorLoad.bodies(1).get(0);
        while (Instant.now().isBefore(deadline)) {
            if (!r.process().isAlive()) {
                break;
            }
            try (RawHttpConnection connection = new RawHttpConnection("127.0.0.1", r.port())) {
                if (connection.post(r.target().path(), body) == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(r.target().name() + " did not start; see " + out.resolve(
                r.target().name() + ".log"));
    }

    // ------------------------------------------------------------------------------------------------ one measurement

    /**
     * Runs the generator against one target and samples the machine at the edges of the measured part, which the
     * generator announces on its output ("measuring", then "done"; it exits once told to, so its own CPU time can
     * still be read).
     */
    static Map<String, Object> measure(Running r, List<Running> all, Map<String, Long> pids, String cp,
            Path java, boolean pin, int rate, int warmup, int seconds, int connections, int run, Path dir)
            throws Exception {
        Path result = Files.createTempFile("floor-load", ".json");
        Path generatorGc = dir.resolve("generator-gc.log");
        Files.deleteIfExists(generatorGc);
        GcLog genGc = new GcLog(generatorGc);
        List<String> command = new ArrayList<>();
        if (pin) {
            command.addAll(List.of("taskset", "-c", "1"));
        }
        command.addAll(List.of(java.resolve("bin/java").toString(), "-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch",
                genGc.jvmOption(), "-cp", cp, FloorLoad.class.getName(), "127.0.0.1", Integer.toString(r.port()),
                r.target().path(), Integer.toString(rate), Integer.toString(warmup), Integer.toString(seconds),
                Integer.toString(connections), result.toString()));
        double loadBefore = MachineState.loadAverage();
        Process generator = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<String, Long> processes = new LinkedHashMap<>(pids);
        processes.put("generator", generator.pid());
        Map<String, Double> cpuBefore = new LinkedHashMap<>();
        Map<String, Double> cpuAfter = new LinkedHashMap<>();
        long start;
        long end;
        GcLog.Pauses pauses;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(generator.getInputStream(),
                StandardCharsets.UTF_8)); OutputStream in = generator.getOutputStream()) {
            expect(out, "measuring", r);
            start = System.nanoTime();
            sampleCpu(processes, all, r, cpuBefore);
            r.gc().sinceLast(); // pauses of the warm-up are not the run's
            genGc.sinceLast();
            expect(out, "done", r);
            end = System.nanoTime();
            sampleCpu(processes, all, r, cpuAfter);
            pauses = r.gc().sinceLast();
            in.write('\n');
        }
        if (!generator.waitFor(60, TimeUnit.SECONDS) || generator.exitValue() != 0) {
            generator.destroyForcibly();
            throw new IllegalStateException("the generator failed against " + r.target().name());
        }
        double loadAfter = MachineState.loadAverage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", r.target().name());
        m.put("run", run);
        m.put("pinned", pin);
        m.put("loadBefore", loadBefore);
        m.put("loadAfter", loadAfter);
        m.put("busy", loadBefore > MachineState.cores());
        m.put("latency", JSON.readValue(Files.readString(result), Map.class));
        m.put("gc", pauses);
        m.put("generatorGc", genGc.sinceLast());
        Map<String, Double> cpu = new LinkedHashMap<>();
        double listed = 0;
        for (String name : cpuAfter.keySet()) {
            if (!name.equals("machine")) {
                double used = cpuAfter.get(name) - cpuBefore.get(name);
                cpu.put(name, round(used));
                listed += used;
            }
        }
        cpu.put("rest of machine", round(cpuAfter.get("machine") - cpuBefore.get("machine") - listed));
        cpu.put("wall seconds", round((end - start) / 1e9));
        m.put("cpuSeconds", cpu);
        Files.deleteIfExists(result);
        return m;
    }

    private static void expect(BufferedReader out, String line, Running r) throws IOException {
        String read = out.readLine();
        if (!line.equals(read)) {
            throw new IllegalStateException("generator against " + r.target().name() + " said '" + read
                    + "', expected '" + line + "'");
        }
    }

    private static void sampleCpu(Map<String, Long> processes, List<Running> all, Running measured,
            Map<String, Double> into) {
        into.put("machine", MachineState.machineCpuSeconds());
        processes.forEach((name, pid) -> into.put(name, MachineState.processCpuSeconds(pid)));
        into.put("other targets (idle)", all.stream().filter(o -> o != measured)
                .mapToDouble(o -> MachineState.processCpuSeconds(o.pid())).sum());
    }

    // ------------------------------------------------------------------------------------------------ output

    private static void write(Map<String, Object> results, List<FloorTarget> targets, List<Boolean> pins, Path out)
            throws IOException {
        Files.writeString(out.resolve("floors-results.json"), JSON.writeValueAsString(results));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> measurements = (List<Map<String, Object>>) results.get("measurements");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> throughput = (List<Map<String, Object>>) results.get("throughput");
        StringBuilder md = new StringBuilder();
        Map<?, ?> options = (Map<?, ?>) results.get("options");
        md.append(String.format(Locale.ROOT, "Floors and service (%s), %s; open loop at %s req/s, %s s measured after %s s "
                        + "warm-up, %s keep-alive connections, median of %s runs (p99.9 range in brackets); "
                        + "%d cores, 'busy' = load average before the run > cores.%n%n", results.get("configuration"),
                results.get("time"),
                options.get("rate"), options.get("seconds"), options.get("runWarmup"), options.get("connections"),
                results.get("completedRuns"), MachineState.cores()));
        md.append("| target | generator | p50 ms | p99 ms | p99.9 ms | max ms | errors | GC pauses (max ms) "
                + "| longest safepoint ms | CPU s target / broker / generator / rest | load before | busy |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Double> p999 = new LinkedHashMap<>();
        for (Boolean pin : pins) {
            for (FloorTarget t : targets) {
                List<Map<String, Object>> rows = measurements.stream()
                        .filter(m -> m.get("target").equals(t.name()) && m.get("pinned").equals(pin)).toList();
                if (rows.isEmpty()) {
                    continue;
                }
                double median999 = median(rows, m -> latency(m, "p999Ms"));
                p999.put(t.name() + (pin ? " pinned" : ""), median999);
                md.append(String.format(Locale.ROOT,
                        "| %s | %s | %.2f | %.2f | %.2f (%.2f–%.2f) | %.2f | %d | %.0f (%.2f) | %.2f | %.1f / %.1f / %.1f / %.1f "
                                + "| %.2f | %d/%d |%n",
                        t.name(), pin ? "pinned (core 1)" : "unpinned", median(rows, m -> latency(m, "p50Ms")),
                        median(rows, m -> latency(m, "p99Ms")), median999, min(rows, m -> latency(m, "p999Ms")),
                        max(rows, m -> latency(m, "p999Ms")), median(rows, m -> latency(m, "maxMs")),
                        rows.stream().mapToLong(m -> ((Number) ((Map<?, ?>) m.get("latency")).get("errors"))
                                .longValue()).sum(),
                        median(rows, m -> (double) ((GcLog.Pauses) m.get("gc")).pauses()),
                        max(rows, m -> ((GcLog.Pauses) m.get("gc")).maxMs()),
                        median(rows, m -> ((GcLog.Pauses) m.get("gc")).maxSafepointMs()),
                        median(rows, m -> cpu(m, "target")), median(rows, m -> cpu(m, "broker")),
                        median(rows, m -> cpu(m, "generator")), median(rows, m -> cpu(m, "rest of machine")),
                        median(rows, m -> ((Number) m.get("loadBefore")).doubleValue()),
                        rows.stream().filter(m -> (Boolean) m.get("busy")).count(), rows.size()));
            }
        }
        md.append("\n| target | max throughput req/s (wrk -t2 -c").append(options.get("connections"))
                .append(", median) | runs | busy |\n|---|---|---|---|\n");
        Map<String, Double> rps = new LinkedHashMap<>();
        for (FloorTarget t : targets) {
            List<Map<String, Object>> rows = throughput.stream().filter(m -> m.get("target").equals(t.name()))
                    .toList();
            double median = median(rows, m -> ((Number) m.get("requestsPerSecond")).doubleValue());
            rps.put(t.name(), median);
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %d/%d |%n", t.name(), median,
                    rows.stream().map(m -> String.format(Locale.ROOT, "%.0f",
                            ((Number) m.get("requestsPerSecond")).doubleValue())).toList(),
                    rows.stream().filter(m -> (Boolean) m.get("busy")).count(), rows.size()));
        }
        List<FloorTarget> services = targets.stream().filter(t -> t.kind() == FloorTarget.Kind.SERVICE).toList();
        if (!services.isEmpty()) {
            md.append("\nEach service target against each floor in this run (median p99.9 ratio unpinned; throughput "
                    + "ratio):\n\n");
            md.append("| service | floor | service p99.9 / floor p99.9 | service throughput / floor throughput |\n"
                    + "|---|---|---|---|\n");
            for (FloorTarget svc : services) {
                for (FloorTarget t : targets) {
                    if (t.kind() != FloorTarget.Kind.SERVICE && p999.containsKey(t.name())) {
                        md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f |%n", svc.name(), t.name(),
                                p999.get(svc.name()) / p999.get(t.name()), rps.get(svc.name()) / rps.get(t.name())));
                    }
                }
            }
        }
        md.append("\nFloors' event hand-off (published = requests, acknowledged by the broker): ")
                .append(results.get("floorEventHandOff")).append('\n');
        md.append("\nTargets:\n");
        ((Map<?, ?>) results.get("targets")).forEach((k, v) -> md.append("- ").append(k).append(": ").append(v)
                .append('\n'));
        md.append("\nJVM options of every target: `").append(options.get("jvm")).append("` + the GC log.\n");
        Files.writeString(out.resolve("floors-results.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written " + out.resolve("floors-results.json") + " and " + out.resolve(
                "floors-results.md"));
    }

    static double latency(Map<String, Object> m, String key) {
        return ((Number) ((Map<?, ?>) m.get("latency")).get(key)).doubleValue();
    }

    static double cpu(Map<String, Object> m, String key) {
        return ((Map<?, ?>) m.get("cpuSeconds")).get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    static double median(List<Map<String, Object>> rows, Function<Map<String, Object>, Double> value) {
        List<Double> values = rows.stream().map(value).sorted(Comparator.naturalOrder()).toList();
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    private static double min(List<Map<String, Object>> rows, Function<Map<String, Object>, Double> value) {
        return rows.stream().map(value).min(Comparator.naturalOrder()).orElse(Double.NaN);
    }

    private static double max(List<Map<String, Object>> rows, Function<Map<String, Object>, Double> value) {
        return rows.stream().map(value).max(Comparator.naturalOrder()).orElse(Double.NaN);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
