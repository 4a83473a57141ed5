package dev.ep.assignment.bench;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.schemas.Topics;
import dev.ep.schemas.serde.AvroDeserializer;
import dev.ep.testsupport.KafkaBrokerProcess;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.load.BenchmarkArguments;
import dev.ep.testsupport.load.RawHttpConnection;
import java.io.IOException;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront SLA through a Kafka outage (issue 9 §5), in one run: the packaged service (its own JVM) writes to a
 * broker that runs as its own process ({@link KafkaBrokerProcess}); the registry and its PostgreSQL are test-support's;
 * the configuration (100 experiments in 10 layers, 1% holdout) is published to the broker as config-service would.
 *
 * <ol>
 *   <li>Open loop of {@code GET /v1/assign?...&cover=all} at a fixed rate (500/s) over at most 16 keep-alive
 *       connections, each latency measured from the request's intended send time (no coordinated omission).</li>
 *   <li>Without a break in the load: {@code baseline} seconds with no fault, then the broker is killed (SIGKILL) for
 *       {@code outage} seconds and started again, then {@code recovery} seconds (counted from the restart) while the
 *       journal drains. Each request belongs to the phase its intended send time falls in: no fault, outage (the
 *       broker is down), restart (its new JVM starts up, until it answers), recovery.</li>
 *   <li>p50/p99/p99.9/max per phase, the ratio outage p99.9 / no-fault p99.9 (the goal: ≤ 1.5), the same ratio for the
 *       restart and recovery phases, non-2xx answers and dropped connections (an I/O error on a request, or a
 *       connection the server closed), p50/p99.9/max per 5 s.</li>
 *   <li>No loss: after the journal has drained, {@code ep.assignments} and {@code ep.coverage} are read back; every
 *       answered request must have exactly one decision and exactly the coverage events its answer listed, each event id
 *       exactly once.</li>
 * </ol>
 * Results: a table on stdout, {@code target/benchmarks/outage-results.json} and {@code outage-results.md}; the
 * service's log in {@code target/outage-service.log} (its ERROR lines are counted: one per outage is the contract).
 *
 * <p>Arguments (all optional): {@code rate=500 connections=16 warmup=40 baseline=60 outage=45 recovery=45
 * "jvm=-Xms512m -Xmx512m"}.
 */
public final class BrokerOutageBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final Pattern COVERED = Pattern.compile("\"covered\":\\[([^\\]]*)\\]");

    /**
     * Where a request's intended send time falls: before the kill; while the broker is down; while its restarted JVM
     * starts up (until it answers: on this one machine that start-up competes with the service for the two cores,
     * which a broker on its own host would not); after it answers (the journal drains).
     */
    private enum Phase { NO_FAULT, OUTAGE, RESTART, RECOVERY }

    private BrokerOutageBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            status = run(args) ? 0 : 2;
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // the in-process registry has non-daemon threads
    }

    private static boolean run(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("rate", "500", "connections", "16", "warmup", "40",
                "baseline", "60", "outage", "45", "recovery", "45", "jvm", "-Xms512m -Xmx512m"));
        BenchmarkArguments.apply(options, args);
        int rate = Integer.parseInt(options.get("rate"));
        int connections = Integer.parseInt(options.get("connections"));
        if (connections > 16) {
            throw new IllegalArgumentException("at most 16 connections (a storefront's pool)");
        }
        int warmup = Integer.parseInt(options.get("warmup"));
        int baseline = Integer.parseInt(options.get("baseline"));
        int outage = Integer.parseInt(options.get("outage"));
        int recovery = Integer.parseInt(options.get("recovery"));

        Path jar = HttpLoadBenchmark.serviceJar();
        String registry = TestPlatform.registry().url();
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            System.out.println("Broker process at " + broker.bootstrapServers() + ", registry at " + registry);
            long lastSequence = HttpLoadBenchmark.publishConfiguration(broker.bootstrapServers(), registry);
            int port = HttpLoadBenchmark.freePort();
            Path dataDir = Files.createTempDirectory("assignment-outage-bench");
            Path log = Path.of("target", "outage-service.log");
            Process service = HttpLoadBenchmark.startService(jar, port, broker.bootstrapServers(), registry, dataDir,
                    options.get("jvm"), log, List.of());
            try {
                String base = "http://127.0.0.1:" + port;
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                HttpLoadBenchmark.awaitReady(client, base, lastSequence);

                // one pool of keep-alive connections for the warm-up and the measured run, which follows at once:
                // no burst of new connections and no idle pause inside the measurement
                List<RawHttpConnection> pool = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    pool.add(new RawHttpConnection("127.0.0.1", port));
                }
                System.out.printf("Warm-up: %d s open loop at %d req/s%n", warmup, rate);
                new OpenLoop(pool, "warm-" + UUID.randomUUID(), rate, warmup, Map.of()).run();

                String prefix = "ob-" + UUID.randomUUID().toString().substring(0, 8);
                int seconds = baseline + outage + recovery;
                System.out.printf("Open loop at %d req/s for %d s: %d s no fault, broker killed for %d s, %d s "
                        + "recovery%n", rate, seconds, baseline, outage, recovery);
                Map<String, Runnable> faults = new LinkedHashMap<>();
                AtomicReference<Long> killedAt = new AtomicReference<>();
                AtomicReference<Long> restartAt = new AtomicReference<>();
                AtomicReference<Long> backAt = new AtomicReference<>();
                OpenLoop load = new OpenLoop(pool, prefix, rate, seconds, faults);
                faults.put(baseline + "", () -> {
                    try {
                        killedAt.set(System.nanoTime());
                        broker.kill();
                        System.out.println("  broker killed (SIGKILL)");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                faults.put((baseline + outage) + "", () -> {
                    try {
                        restartAt.set(System.nanoTime());
                        broker.startAgain();
                        backAt.set(System.nanoTime());
                        System.out.printf("  broker restarted; it answered %.1f s later%n",
                                (backAt.get() - restartAt.get()) / 1e9);
                    } catch (Exception e) {
                        throw new IllegalStateException("restarting the broker failed; see " + broker.logFile(), e);
                    }
                });
                load.run();
                pool.forEach(RawHttpConnection::close);
                if (killedAt.get() == null || restartAt.get() == null || backAt.get() == null) {
                    throw new IllegalStateException("the broker was not killed and restarted during the run");
                }

                Map<String, Object> results = new LinkedHashMap<>();
                results.put("time", Instant.now().toString());
                results.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                        + System.getProperty("java.version"));
                results.put("loadAverageAtEnd", Files.readString(Path.of("/proc/loadavg")).trim());
                results.put("rate", rate);
                results.put("connections", connections);
                results.put("serviceJvm", options.get("jvm"));
                long[] bounds = {killedAt.get(), restartAt.get(), backAt.get()};
                results.put("phasesSeconds", Map.of("noFault", baseline, "outage",
                        Math.round((restartAt.get() - killedAt.get()) / 1e8) / 10.0, "restart",
                        Math.round((backAt.get() - restartAt.get()) / 1e8) / 10.0, "total", seconds));
                Map<Phase, Histogram> histograms = load.histograms(bounds);
                Map<String, Object> phases = new LinkedHashMap<>();
                for (Phase phase : Phase.values()) {
                    phases.put(phase.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                            summary(histograms.get(phase), load.errors(phase, bounds)));
                }
                results.put("phases", phases);
                results.put("timeline", load.timeline(5));
                double ratio = p999Ratio(histograms, Phase.OUTAGE);
                results.put("outageToNoFaultP999", Math.round(ratio * 100) / 100.0);
                results.put("restartToNoFaultP999", Math.round(p999Ratio(histograms, Phase.RESTART) * 100) / 100.0);
                results.put("recoveryToNoFaultP999", Math.round(p999Ratio(histograms, Phase.RECOVERY) * 100) / 100.0);
                long errors = load.nonSuccess() + load.dropped() + load.reconnects();
                results.put("errors", Map.of("non2xx", load.nonSuccess(), "droppedConnections", load.dropped(),
                        "serverClosedConnections", load.reconnects()));

                System.out.println("Waiting for the spill journal to drain");
                awaitDrained(client, base, Duration.ofMinutes(5));
                System.out.println("Reading ep.assignments and ep.coverage back");
                Map<String, Object> loss = verify(broker.bootstrapServers(), registry, prefix, load);
                results.put("delivery", loss);
                results.put("serviceEventMetrics", eventMetrics(client, base));
                results.put("serviceErrorLines", errorLines(log));
                boolean pass = ratio <= 1.5 && errors == 0 && Boolean.TRUE.equals(loss.get("exactlyOnce"));
                results.put("goalMet", pass);
                write(results);
                return pass;
            } finally {
                service.destroy();
                if (!service.waitFor(30, TimeUnit.SECONDS)) {
                    service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ load

    /**
     * The open loop: request i is due at {@code start + i / rate}; a free connection takes the next due request, waits
     * for its time and sends it; a request that starts late still counts from its intended time. {@code faults}
     * (second → action) run on their own thread at their time, never delaying a request.
     */
    private static final class OpenLoop {

        private final List<RawHttpConnection> pool;
        private final String prefix;
        private final int rate;
        private final Map<String, Runnable> faults;
        private final int total;
        private final long[] intended;
        private final long[] latencyMicros;
        /** Per request: coverage events the answer listed; -1 = no 2xx answer (not expected in Kafka). */
        private final int[] covered;
        private final int[] failure; // 0 ok, 1 non-2xx, 2 dropped connection
        private long start;

        OpenLoop(List<RawHttpConnection> pool, String prefix, int rate, int seconds, Map<String, Runnable> faults) {
            this.pool = pool;
            this.prefix = prefix;
            this.rate = rate;
            this.faults = faults;
            this.total = rate * seconds;
            this.intended = new long[total];
            this.latencyMicros = new long[total];
            this.covered = new int[total];
            this.failure = new int[total];
        }

        String session(int i) {
            return prefix + "-" + i;
        }

        void run() throws InterruptedException {
            AtomicLong next = new AtomicLong();
            double period = TimeUnit.SECONDS.toNanos(1) / (double) rate;
            start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            Thread faultThread = new Thread(() -> faults.forEach((second, action) -> {
                long due = start + TimeUnit.SECONDS.toNanos(Long.parseLong(second));
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                action.run();
            }), "faults");
            faultThread.start();
            List<Thread> threads = new ArrayList<>();
            for (RawHttpConnection connection : pool) {
                Thread thread = new Thread(() -> {
                    for (int i = (int) next.getAndIncrement(); i < total; i = (int) next.getAndIncrement()) {
                        long due = start + (long) (i * period);
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        intended[i] = due;
                        covered[i] = -1;
                        try {
                            RawHttpConnection.Response response = connection.get("/v1/assign?sessionId="
                                    + session(i) + "&page=cart&attr.country=DE&attr.cart_value=42.5"
                                    + "&attr.device=mobile&attr.tier=gold&cover=all");
                            if (response.status() / 100 == 2) {
                                covered[i] = coveredCount(response.body());
                            } else {
                                failure[i] = 1;
                            }
                        } catch (IOException e) {
                            failure[i] = 2;
                        }
                        latencyMicros[i] = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due);
                    }
                }, "load-" + threads.size());
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            faultThread.join();
        }

        /** The phase of request i, given the times of the kill, the restart and the broker's first answer. */
        private Phase phase(int i, long[] bounds) {
            int p = 0;
            while (p < bounds.length && intended[i] >= bounds[p]) {
                p++;
            }
            return Phase.values()[p];
        }

        Map<Phase, Histogram> histograms(long[] bounds) {
            Map<Phase, Histogram> histograms = new LinkedHashMap<>();
            for (Phase phase : Phase.values()) {
                histograms.put(phase, new Histogram(TimeUnit.SECONDS.toMicros(60), 3));
            }
            for (int i = 0; i < total; i++) {
                Histogram h = histograms.get(phase(i, bounds));
                h.recordValue(Math.min(latencyMicros[i], h.getHighestTrackableValue()));
            }
            return histograms;
        }

        /** p50/p99.9/max per window of {@code seconds} of intended send time: where in the run the tail is. */
        List<String> timeline(int seconds) {
            List<String> rows = new ArrayList<>();
            long window = TimeUnit.SECONDS.toNanos(seconds);
            for (int from = 0; from < total; ) {
                long end = intended[from] + window;
                Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
                int i = from;
                for (; i < total && intended[i] < end; i++) {
                    h.recordValue(Math.min(latencyMicros[i], h.getHighestTrackableValue()));
                }
                rows.add(String.format(Locale.ROOT, "%3d s: p50 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                        TimeUnit.NANOSECONDS.toSeconds(intended[from] - start), h.getValueAtPercentile(50) / 1000.0,
                        h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0));
                from = i;
            }
            return rows;
        }

        Map<String, Long> errors(Phase phase, long[] bounds) {
            long non2xx = 0;
            long dropped = 0;
            for (int i = 0; i < total; i++) {
                if (phase(i, bounds) == phase) {
                    non2xx += failure[i] == 1 ? 1 : 0;
                    dropped += failure[i] == 2 ? 1 : 0;
                }
            }
            return Map.of("non2xx", non2xx, "dropped", dropped);
        }

        long nonSuccess() {
            return Arrays.stream(failure).filter(f -> f == 1).count();
        }

        long dropped() {
            return Arrays.stream(failure).filter(f -> f == 2).count();
        }

        /** Connections opened again after the first (the server closed one, or a request failed on it). */
        long reconnects() {
            return pool.stream().mapToLong(c -> Math.max(0, c.connects() - 1)).sum();
        }

        private static int coveredCount(byte[] body) {
            Matcher m = COVERED.matcher(new String(body, StandardCharsets.UTF_8));
            if (!m.find()) {
                throw new IllegalStateException("no 'covered' list in the answer: "
                        + new String(body, StandardCharsets.UTF_8));
            }
            return m.group(1).isBlank() ? 0 : m.group(1).split(",").length;
        }
    }

    private static double p999Ratio(Map<Phase, Histogram> histograms, Phase phase) {
        return histograms.get(phase).getValueAtPercentile(99.9)
                / (double) Math.max(1, histograms.get(Phase.NO_FAULT).getValueAtPercentile(99.9));
    }

    private static Map<String, Object> summary(Histogram h, Map<String, Long> errors) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requests", h.getTotalCount());
        r.put("p50Ms", HttpLoadBenchmark.ms(h.getValueAtPercentile(50)));
        r.put("p99Ms", HttpLoadBenchmark.ms(h.getValueAtPercentile(99)));
        r.put("p999Ms", HttpLoadBenchmark.ms(h.getValueAtPercentile(99.9)));
        r.put("maxMs", HttpLoadBenchmark.ms(h.getMaxValue()));
        r.putAll(errors);
        return r;
    }

    // ------------------------------------------------------------------------------------------------ no loss

    private static void awaitDrained(HttpClient client, String base, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Pattern entries = Pattern.compile("\"journalEntries\":(\\d+)");
        Pattern queued = Pattern.compile("\"queued\":(\\d+)");
        Pattern held = Pattern.compile("\"held\":(\\d+)");
        while (Instant.now().isBefore(deadline)) {
            String health = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher e = entries.matcher(health);
            Matcher q = queued.matcher(health);
            Matcher h = held.matcher(health);
            if (e.find() && q.find() && e.group(1).equals("0") && q.group(1).equals("0")
                    && (!h.find() || h.group(1).equals("0")) && health.contains("\"spilling\":false")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the spill journal did not drain within " + timeout);
    }

    /**
     * Reads both topics to their end and checks, by event id, that every answered request of this run has exactly one
     * decision and exactly the coverage events its answer listed, none twice.
     */
    private static Map<String, Object> verify(String kafka, String registry, String prefix, OpenLoop load) {
        Map<String, Integer> expectedCoverage = new HashMap<>();
        long expectedDecisions = 0;
        long expectedCoverageTotal = 0;
        for (int i = 0; i < load.total; i++) {
            if (load.covered[i] >= 0) {
                expectedDecisions++;
                expectedCoverageTotal += load.covered[i];
                expectedCoverage.put(load.session(i), load.covered[i]);
            }
        }
        Tally decisions = read(kafka, registry, Topics.ASSIGNMENTS.name(), prefix,
                (AssignmentDecision d) -> new String[] {d.getSessionId(), d.getEventId()});
        Tally coverage = read(kafka, registry, Topics.COVERAGE.name(), prefix,
                (CoverageEvent c) -> new String[] {c.getSessionId(), c.getEventId()});
        long missingDecisions = 0;
        long extraDecisions = 0;
        long missingCoverage = 0;
        long extraCoverage = 0;
        for (var e : expectedCoverage.entrySet()) {
            int d = decisions.distinctPerSession.getOrDefault(e.getKey(), 0);
            missingDecisions += Math.max(0, 1 - d);
            extraDecisions += Math.max(0, d - 1);
            int c = coverage.distinctPerSession.getOrDefault(e.getKey(), 0);
            missingCoverage += Math.max(0, e.getValue() - c);
            extraCoverage += Math.max(0, c - e.getValue());
        }
        long unexpected = decisions.distinctPerSession.keySet().stream().filter(s -> !expectedCoverage.containsKey(s))
                .count();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("answeredRequests", expectedDecisions);
        r.put("decisionsExpected", expectedDecisions);
        r.put("decisionsRead", decisions.records);
        r.put("decisionsDistinct", decisions.distinctIds);
        r.put("decisionsMissing", missingDecisions);
        r.put("decisionsExtra", extraDecisions);
        r.put("decisionsDuplicated", decisions.records - decisions.distinctIds);
        r.put("coverageExpected", expectedCoverageTotal);
        r.put("coverageRead", coverage.records);
        r.put("coverageDistinct", coverage.distinctIds);
        r.put("coverageMissing", missingCoverage);
        r.put("coverageExtra", extraCoverage);
        r.put("coverageDuplicated", coverage.records - coverage.distinctIds);
        r.put("sessionsWithoutAnAnsweredRequest", unexpected);
        r.put("exactlyOnce", missingDecisions + extraDecisions + missingCoverage + extraCoverage + unexpected == 0
                && decisions.records == decisions.distinctIds && coverage.records == coverage.distinctIds);
        return r;
    }

    private record Tally(long records, long distinctIds, Map<String, Integer> distinctPerSession) {
    }

    private static <V extends SpecificRecord> Tally read(String kafka, String registry, String topic, String prefix,
            Function<V, String[]> sessionAndId) {
        Map<String, Integer> perId = new HashMap<>();
        Map<String, Integer> perSession = new HashMap<>();
        long records = 0;
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000,
                "schema.registry.url", registry,
                "specific.avro.reader", true))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reading " + topic + " back took longer than 3 minutes");
                }
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
                    String[] key = sessionAndId.apply(record.value());
                    if (key[0].startsWith(prefix + "-")) {
                        records++;
                        if (perId.merge(key[1], 1, Integer::sum) == 1) {
                            perSession.merge(key[0], 1, Integer::sum);
                        }
                    }
                }
            }
        }
        return new Tally(records, perId.size(), perSession);
    }

    // ------------------------------------------------------------------------------------------------ output

    private static Map<String, String> eventMetrics(HttpClient client, String base) throws Exception {
        String text = client.send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, String> metrics = new LinkedHashMap<>();
        text.lines().filter(l -> l.startsWith("ep_events_")).forEach(l -> {
            int space = l.lastIndexOf(' ');
            metrics.put(l.substring(0, space), l.substring(space + 1));
        });
        return metrics;
    }

    private static List<String> errorLines(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" ERROR ")).map(l -> l.length() > 300 ? l.substring(0, 300) : l)
                    .toList();
        }
    }

    private static void write(Map<String, Object> results) throws IOException {
        Path dir = Path.of("target", "benchmarks");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("outage-results.json"), JSON.writeValueAsString(results));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "GET /v1/assign?...&cover=all, open loop at %s req/s over %s keep-alive "
                + "connections, latency from the intended send time; phases %s%n%n", results.get("rate"),
                results.get("connections"), results.get("phasesSeconds")));
        md.append("| phase | requests | p50 ms | p99 ms | p99.9 ms | max ms | non-2xx | dropped |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        ((Map<?, ?>) results.get("phases")).forEach((name, v) -> {
            Map<?, ?> r = (Map<?, ?>) v;
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", name,
                    r.get("requests"), r.get("p50Ms"), r.get("p99Ms"), r.get("p999Ms"), r.get("maxMs"),
                    r.get("non2xx"), r.get("dropped")));
        });
        md.append(String.format(Locale.ROOT, "%nOutage p99.9 / no-fault p99.9: **%s** (goal ≤ 1.5); restart / no-fault:"
                + " %s; recovery / no-fault: %s%n", results.get("outageToNoFaultP999"),
                results.get("restartToNoFaultP999"), results.get("recoveryToNoFaultP999")));
        md.append(String.format(Locale.ROOT, "Errors: %s%n", results.get("errors")));
        md.append(String.format(Locale.ROOT, "Delivery (read back by event id): %s%n", results.get("delivery")));
        md.append(String.format(Locale.ROOT, "Service ERROR log lines: %d%n",
                ((List<?>) results.get("serviceErrorLines")).size()));
        md.append(String.format(Locale.ROOT, "Goal met: %s%n%nTimeline (by intended send time):%n%n",
                results.get("goalMet")));
        ((List<?>) results.get("timeline")).forEach(row -> md.append("    ").append(row).append('\n'));
        Files.writeString(dir.resolve("outage-results.md"), md.toString());
        System.out.println();
        System.out.println(md);
        System.out.println("Written " + dir.resolve("outage-results.json") + " and " + dir.resolve("outage-results.md"));
    }
}
