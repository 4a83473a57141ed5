package dev.ep.simulator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.ep.simulator.http.Http;
import dev.ep.testsupport.fuzz.FuzzReport;
import dev.ep.testsupport.fuzz.FuzzSettings;
import dev.ep.testsupport.fuzz.Fuzzer;
import dev.ep.testsupport.fuzz.Surface;
import dev.ep.testsupport.load.OpenLoop;
import dev.ep.testsupport.load.RawHttpConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 14 §2: the platform as {@code ./platform start --instances 2} runs it (the launcher's jar, in its own process,
 * on ports moved by {@code EP_PORT_OFFSET} and a temporary data dir), two instances each of assignment-service (behind
 * the launcher's front), event-ingest and reporting-service. A steady open-loop storefront load through the front
 * (assign with coverage, coverage by context, events with orders, a second assign per session) runs while
 * {@code ./platform restart} restarts every instance of the three services in turn. Then:
 * <ul>
 *   <li>every storefront request was answered 2xx (no error, no dropped connection);</li>
 *   <li>event-ingest holds every event exactly once: the tracking event ids sent, nothing missing, nothing twice; one
 *       decision per answered assign; one coverage row per confirmed exposure; two answers for one session never
 *       disagree on its treatment (both instances decide alike);</li>
 *   <li>reporting-service's units per treatment equal what the load's own ledger implies (the counts a single
 *       instance must report for these inputs), on both instances, and its reconciliation against event-ingest's
 *       tables says MATCH (every count and sum equal).</li>
 * </ul>
 * Last, the shared seeded fuzzer runs hostile requests at the front (no 5xx, no dropped connection).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class RollingRestartIT {

    private static final String RUN = "rr1";
    private static final String LAYER = "rolling-" + RUN;
    private static final String EXPERIMENT = "rolling-exp-" + RUN;
    private static final String OWNER = "Bearer dev-owner-token";
    private static final String ADMIN = "Bearer dev-admin-token";
    private static final String VIEWER = "Bearer dev-viewer-token";
    private static final List<String> ROLLED = List.of("assignment-service", "event-ingest", "reporting-service");
    /** The platform's default ports, which this test must never use (another engineer's benchmark may hold them). */
    private static final List<Integer> DEFAULT_PORTS = List.of(9092, 9093, 54329, 8080, 8081, 8082, 8083, 8084, 8085,
            8180, 8280, 8183, 8283, 8184, 8284);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int RATE = Integer.getInteger("ep.rolling.rate", 40);
    private static final int CONNECTIONS = 8;
    private static final int SEGMENT_SECONDS = 5;

    @TempDir
    Path dataDir;

    private final Http http = new Http(Duration.ofSeconds(30));

    @Test
    void shouldAnswerEveryRequestAndCountEveryEventOnceWhenEveryInstanceRestartsInTurnUnderLoad() throws Exception {
        Path home = Path.of("").toAbsolutePath().getParent();
        int offset = freeOffset();
        try (LaunchedPlatform platform = LaunchedPlatform.start(home, dataDir, offset)) {
            int front = 8080 + offset;
            URI config = URI.create("http://127.0.0.1:" + (8082 + offset));
            List<URI> assignmentInstances = List.of(URI.create("http://127.0.0.1:" + (8180 + offset)),
                    URI.create("http://127.0.0.1:" + (8280 + offset)));
            List<URI> reportingInstances = List.of(URI.create("http://127.0.0.1:" + (8184 + offset)),
                    URI.create("http://127.0.0.1:" + (8284 + offset)));
            String ingestJdbc = "jdbc:postgresql://127.0.0.1:" + (54329 + offset) + "/event_ingest";

            // given an experiment served by both assignment instances
            long sequence = createAndStartExperiment(config);
            for (URI instance : assignmentInstances) {
                awaitServed(instance, sequence);
            }

            // when a steady load runs through the front while every instance of the three services restarts in turn
            Ledger ledger = new Ledger();
            AtomicBoolean stopLoad = new AtomicBoolean();
            List<RawHttpConnection> pool = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                pool.add(new RawHttpConnection("127.0.0.1", front));
            }
            List<OpenLoop.Result> segments = new ArrayList<>();
            Thread load = new Thread(() -> {
                long base = 0;
                while (!stopLoad.get()) {
                    long segmentBase = base;
                    try {
                        segments.add(OpenLoop.run(pool, RATE, SEGMENT_SECONDS,
                                (connection, i) -> ledger.call(connection, segmentBase + i)));
                    } catch (InterruptedException e) {
                        return;
                    }
                    base += (long) RATE * SEGMENT_SECONDS;
                }
            }, "rolling-restart-load");
            load.start();
            long loadStart = System.nanoTime();
            Thread.sleep(SEGMENT_SECONDS * 1000L);
            Map<String, String> restartOutput = new LinkedHashMap<>();
            for (String service : ROLLED) {
                long t0 = System.nanoTime();
                LaunchedPlatform.Outcome outcome = platform.restart(service);
                restartOutput.put(service, outcome.output() + " [" + (System.nanoTime() - t0) / 1_000_000 + " ms]");
                assertThat(outcome.exitCode()).as("./platform restart %s said:%n%s%nlauncher:%n%s", service,
                        outcome.output(), platform.outputTail()).isZero();
            }
            Thread.sleep(SEGMENT_SECONDS * 1000L);
            stopLoad.set(true);
            load.join();
            pool.forEach(RawHttpConnection::close);
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            System.err.printf("rolling restart: %d requests in %.0f s through the front; restarts: %s%n",
                    ledger.sent.get(), loadSeconds, restartOutput);

            // then no storefront error
            long errors = segments.stream().mapToLong(OpenLoop.Result::errors).sum();
            assertThat(errors).as("non-2xx or unanswered: %s; launcher:%n%s", ledger.failures,
                    platform.outputTail()).isZero();
            assertThat(ledger.failures).isEmpty();
            assertThat(ledger.assigned).isNotEmpty();
            assertThat(ledger.conflicts).as("sessions whose two answers disagreed").isEmpty();
            // each instance of each service was replaced: new pids in the pid files
            for (String service : ROLLED) {
                for (String instance : List.of(service, service + "-2")) {
                    assertThat(platform.pid(instance)).as(instance).isNotEqualTo(platform.firstPids.get(instance));
                }
            }

            // and every event loaded exactly once into PostgreSQL
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> assertLoadedExactlyOnce(ingestJdbc, ledger));

            // and reporting's results equal the ledger's, on both instances, and match event-ingest's tables exactly
            Map<String, Long> coverageUnits = ledger.unitsPerTreatment();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                    .untilAsserted(() -> {
                        for (URI reporting : reportingInstances) {
                            JsonNode statistics = get(reporting, "/v1/experiments/" + EXPERIMENT + "/results")
                                    .path("statistics");
                            assertThat(counts(statistics.path("coverageUnits"))).as("coverage units at " + reporting)
                                    .isEqualTo(coverageUnits);
                            assertThat(counts(statistics.path("assignmentUnits"))).as("assignment units")
                                    .isEqualTo(coverageUnits);
                        }
                        JsonNode reconciliation = get(reportingInstances.get(0), "/v1/experiments/" + EXPERIMENT
                                + "/reconciliation");
                        assertThat(reconciliation.path("status").asString()).as(reconciliation.toString())
                                .isEqualTo("MATCH");
                    });

            // and, last (its requests are not in the ledger), hostile requests at the front after the restarts: it
            // neither fails nor drops a connection
            FuzzReport fuzz = new Fuzzer(frontSurface()).run(front, FuzzSettings.fromSystemProperties(14, 200));
            assertThat(fuzz.ran()).isTrue();
            fuzz.assertNoFailures();
        }
    }

    // ---- the load and its ledger ----

    /**
     * What the load sent and what the front answered. Request {@code g}: {@code g % 4 == 0} assigns session
     * {@code g} with coverage of everything assigned ({@code GET /v1/assign?...&cover=all}); 1 confirms that session's
     * exposure again by context ({@code POST /v1/coverage}); 2 sends a page view and an order for it
     * ({@code POST /v1/events}); 3 assigns it again without coverage.
     */
    private static final class Ledger {
        final AtomicLong sent = new AtomicLong();
        final Map<String, String> assigned = new ConcurrentHashMap<>();
        final Set<String> conflicts = ConcurrentHashMap.newKeySet();
        final AtomicLong assignAnswers = new AtomicLong();
        final AtomicLong assignAnswersWithExperiment = new AtomicLong();
        final AtomicLong coveredByAssign = new AtomicLong();
        final Set<String> coverageCallSessions = ConcurrentHashMap.newKeySet();
        final Set<String> trackingIds = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

        static String session(long g) {
            return RUN + "-s" + (g - g % 4);
        }

        int call(RawHttpConnection connection, long g) throws IOException {
            sent.incrementAndGet();
            String session = session(g);
            int status;
            switch ((int) (g % 4)) {
                case 0, 3 -> {
                    RawHttpConnection.Response r = connection.get("/v1/assign?sessionId=" + session
                            + "&page=checkout" + (g % 4 == 0 ? "&cover=all" : ""));
                    status = r.status();
                    if (ok(status)) {
                        recordAssign(session, JSON.readTree(new String(r.body(), StandardCharsets.UTF_8)));
                    }
                }
                case 1 -> {
                    status = connection.post("/v1/coverage", ("{\"sessionId\":\"" + session + "\",\"page\":\"checkout\","
                            + "\"experiments\":[{\"experimentId\":\"" + EXPERIMENT + "\"}]}")
                            .getBytes(StandardCharsets.UTF_8));
                    if (ok(status)) {
                        coverageCallSessions.add(session);
                    }
                }
                default -> {
                    String now = Instant.now().toString();
                    String view = RUN + "-e" + g + "-v";
                    String order = RUN + "-e" + g + "-o";
                    status = connection.post("/v1/events", ("{\"events\":[{\"eventId\":\"" + view + "\",\"type\":"
                            + "\"page_view\",\"time\":\"" + now + "\",\"sessionId\":\"" + session + "\",\"page\":"
                            + "\"checkout\"},{\"eventId\":\"" + order + "\",\"type\":\"order\",\"time\":\"" + now
                            + "\",\"sessionId\":\"" + session + "\",\"value\":" + (500 + g % 1000) + ",\"currency\":"
                            + "\"EUR\",\"orderId\":\"" + RUN + "-o" + g + "\"}]}").getBytes(StandardCharsets.UTF_8));
                    if (ok(status)) {
                        trackingIds.add(view);
                        trackingIds.add(order);
                    }
                }
            }
            if (!ok(status)) {
                failures.add(g + ":" + status);
            }
            return status;
        }

        private void recordAssign(String session, JsonNode answer) {
            assignAnswers.incrementAndGet();
            for (JsonNode a : answer.path("assignments")) {
                if (a.path("experimentId").asString().equals(EXPERIMENT)) {
                    assignAnswersWithExperiment.incrementAndGet();
                    String treatment = a.path("treatment").asString();
                    String before = assigned.putIfAbsent(session, treatment);
                    if (before != null && !before.equals(treatment)) {
                        conflicts.add(session + ": " + before + " vs " + treatment);
                    }
                }
            }
            for (JsonNode covered : answer.path("covered")) {
                if (covered.asString().equals(EXPERIMENT)) {
                    coveredByAssign.incrementAndGet();
                }
            }
        }

        /** Sessions assigned the experiment, per treatment: each was covered by its first assign. */
        Map<String, Long> unitsPerTreatment() {
            Map<String, Long> units = new HashMap<>();
            assigned.values().forEach(t -> units.merge(t, 1L, Long::sum));
            return units;
        }

        /** Coverage rows: one per exposure confirmed by an assign, one per coverage call of an assigned session. */
        long expectedCoverageRows() {
            return coveredByAssign.get() + coverageCallSessions.stream().filter(assigned::containsKey).count();
        }

        private static boolean ok(int status) {
            return status >= 200 && status < 300;
        }
    }

    private static void assertLoadedExactlyOnce(String jdbc, Ledger ledger) throws Exception {
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
            List<String> ids = strings(db, "SELECT event_id FROM tracking_events WHERE starts_with(event_id, ?)",
                    RUN + "-e");
            assertThat(ids).as("tracking events: each sent id once").hasSameSizeAs(new HashSet<>(ids));
            assertThat(new HashSet<>(ids)).as("tracking events").isEqualTo(ledger.trackingIds);
            assertThat(count(db, "SELECT count(*) FROM decisions WHERE starts_with(session_id, ?)", RUN + "-s"))
                    .as("one decision per answered assign").isEqualTo(ledger.assignAnswers.get());
            assertThat(count(db, "SELECT count(*) FROM decision_experiments WHERE starts_with(session_id, ?)"
                    + " AND experiment_id = '" + EXPERIMENT + "'", RUN + "-s"))
                    .as("assignments of the experiment").isEqualTo(ledger.assignAnswersWithExperiment.get());
            assertThat(count(db, "SELECT count(*) FROM coverage WHERE starts_with(session_id, ?)", RUN + "-s"))
                    .as("one coverage row per confirmed exposure").isEqualTo(ledger.expectedCoverageRows());
            assertThat(count(db, "SELECT count(DISTINCT exposure_key) FROM coverage WHERE starts_with(session_id, ?)",
                    RUN + "-s")).as("exposures").isEqualTo(ledger.assigned.size());
        }
    }

    private static List<String> strings(Connection db, String sql, String prefix) throws Exception {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, prefix);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static long count(Connection db, String sql, String prefix) throws Exception {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            s.setString(1, prefix);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, Long> counts(JsonNode perTreatment) {
        Map<String, Long> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : perTreatment.properties()) {
            if (e.getValue().asLong() != 0) {
                out.put(e.getKey(), e.getValue().asLong());
            }
        }
        return out;
    }

    // ---- setting the experiment up through config-service ----

    private long createAndStartExperiment(URI config) {
        expect(http.send("POST", config.resolve("/v1/layers"), Map.of("id", LAYER, "name", "rolling restart",
                "description", "RollingRestartIT", "unit", "session"), "Authorization", ADMIN), "create the layer");
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("id", EXPERIMENT);
        definition.put("name", "Rolling restart");
        definition.put("hypothesis", "A/A: no difference");
        definition.put("owner", "team-simulator");
        definition.put("layer", LAYER);
        definition.put("treatments", List.of(
                Map.of("name", "control", "description", "control", "control", true, "weight", 5000,
                        "variables", Map.of("variant", "control")),
                Map.of("name", "green", "description", "green", "control", false, "weight", 5000,
                        "variables", Map.of("variant", "green"))));
        definition.put("targeting", Map.of("pages", List.of("checkout")));
        definition.put("primaryMetric", "conversion");
        definition.put("guardrailMetrics", List.of("average_order_value"));
        definition.put("overrides", Map.of());
        expect(http.send("POST", config.resolve("/v1/experiments"), definition, "Authorization", OWNER),
                "create the experiment");
        expect(http.send("POST", config.resolve("/v1/experiments/" + EXPERIMENT + "/start"),
                Map.of("trafficBasisPoints", 10_000, "reason", "RollingRestartIT"), "Authorization", OWNER),
                "start the experiment");
        long sequence = 0;
        for (JsonNode h : expect(http.send("GET", config.resolve("/v1/experiments/" + EXPERIMENT + "/history"), null,
                "Authorization", OWNER), "read the history")) {
            sequence = Math.max(sequence, h.path("sequence").asLong());
        }
        assertThat(sequence).isPositive();
        return sequence;
    }

    private void awaitServed(URI assignment, long sequence) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> http.send("GET", assignment.resolve("/actuator/health"), null).json().path("components")
                        .path("config").path("details").path("configVersion").asLong(-1) >= sequence);
    }

    private JsonNode get(URI base, String path) {
        return expect(http.send("GET", base.resolve(path), null, "Authorization", VIEWER), "GET " + base + path);
    }

    private static JsonNode expect(Http.Reply reply, String what) {
        assertThat(reply.ok()).as("%s: %s %s %s", what, reply.status(), reply.body(), reply.error()).isTrue();
        return reply.json();
    }

    /** The storefront surface the fuzzer aims at the front (as assignment-service's own fuzz IT does at it). */
    private static Surface frontSurface() {
        return Surface.builder("assignment-front")
                .values("sessionId", "fz-1", "a:b@c")
                .values("page", "cart", "checkout")
                .values("cover", "all", EXPERIMENT)
                .json("POST", "/v1/assign", "{\"sessionId\": \"fz-1\", \"page\": \"checkout\", \"cover\": \"all\"}")
                .get("/v1/assign", "sessionId", "page", "cover")
                .json("POST", "/v1/coverage", "{\"sessionId\": \"fz-1\", \"page\": \"checkout\", \"experiments\":"
                        + " [{\"experimentId\": \"" + EXPERIMENT + "\"}]}")
                .json("POST", "/v1/events", "{\"events\": [{\"eventId\": \"fz-e-1\", \"type\": \"page_view\", \"time\":"
                        + " \"" + Instant.now() + "\", \"sessionId\": \"fz-1\", \"page\": \"home\"}]}")
                .get("/actuator/health/readiness")
                .build();
    }

    // ---- ports ----

    /**
     * An offset (EP_PORT_OFFSET) whose every port is free here and none of them a default port of the platform.
     */
    private static int freeOffset() {
        for (int offset = 2000; offset <= 9000; offset += 250) {
            boolean usable = true;
            for (int port : DEFAULT_PORTS) {
                int moved = port + offset;
                if (DEFAULT_PORTS.contains(moved) || !free(moved)) {
                    usable = false;
                    break;
                }
            }
            if (usable) {
                return offset;
            }
        }
        return fail("no port offset between 2000 and 9000 has all of the platform's ports free");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- the platform as ./platform runs it ----

    /** The launcher's jar in its own process, as {@code ./platform start --instances 2} runs it. */
    private static final class LaunchedPlatform implements AutoCloseable {

        record Outcome(int exitCode, String output) {
        }

        private final Path home;
        private final Path dataDir;
        private final Process launcher;
        private final Path output;
        final Map<String, Long> firstPids = new HashMap<>();

        private LaunchedPlatform(Path home, Path dataDir, Process launcher, Path output) {
            this.home = home;
            this.dataDir = dataDir;
            this.launcher = launcher;
            this.output = output;
        }

        static LaunchedPlatform start(Path home, Path dataDir, int offset) throws Exception {
            Path jar = deployJar(home);
            Path output = dataDir.resolve("launcher.out");
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "start", "--instances",
                    "2").directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            Map<String, String> env = builder.environment();
            // the embedded PostgreSQL of this platform, whatever the JVM running the test was given
            List.of("EP_POSTGRES_URL", "EP_POSTGRES_USER", "EP_POSTGRES_PASSWORD", "EP_EXPOSURE_TOKEN_SECRET",
                    "EP_KAFKA_EVENT_PARTITIONS").forEach(env::remove);
            env.put("EP_HOME", home.toString());
            env.put("EP_DATA_DIR", dataDir.toString());
            env.put("EP_PORT_OFFSET", Integer.toString(offset));
            env.put("EP_START_TIMEOUT_SECONDS", "420");
            env.put("EP_KAFKA_JAVA_OPTS", "-Xms128m -Xmx512m");
            env.put("EP_SERVICE_JAVA_OPTS", System.getProperty("ep.rolling.service-java-opts",
                    "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
            LaunchedPlatform platform = new LaunchedPlatform(home, dataDir, builder.start(), output);
            try {
                await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    if (!platform.launcher.isAlive()) {
                        fail("the launcher ended with " + platform.launcher.exitValue() + ":\n" + platform.outputTail());
                    }
                    return Files.exists(dataDir.resolve("run/summary.txt"));
                });
                for (String service : ROLLED) {
                    for (String instance : List.of(service, service + "-2")) {
                        platform.firstPids.put(instance, platform.pid(instance));
                    }
                }
                return platform;
            } catch (RuntimeException | Error e) {
                platform.close();
                throw e;
            }
        }

        /** {@code ./platform restart <service>}: the script, which hands the request to the running launcher. */
        Outcome restart(String service) throws Exception {
            ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("platform").toString(), "restart", service)
                    .directory(home.toFile()).redirectErrorStream(true);
            builder.environment().put("EP_DATA_DIR", dataDir.toString());
            Process p = builder.start();
            p.getOutputStream().close();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Outcome(p.waitFor(), text);
        }

        long pid(String instance) throws IOException {
            return Long.parseLong(Files.readString(dataDir.resolve("run/" + instance + ".pid")).strip());
        }

        String outputTail() {
            try {
                List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
            } catch (IOException e) {
                return "(no output: " + e + ")";
            }
        }

        /** SIGTERM to the launcher, which stops every process it started; then whatever a pid file still names. */
        @Override
        public void close() throws Exception {
            launcher.destroy();
            if (!launcher.waitFor(4, TimeUnit.MINUTES)) {
                launcher.destroyForcibly();
                launcher.waitFor(30, TimeUnit.SECONDS);
            }
            ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("platform").toString(), "stop")
                    .directory(home.toFile()).redirectErrorStream(true);
            builder.environment().put("EP_DATA_DIR", dataDir.toString());
            Process stop = builder.start();
            stop.getOutputStream().close();
            stop.getInputStream().readAllBytes();
            stop.waitFor(5, TimeUnit.MINUTES);
        }

        private static Path deployJar(Path home) throws IOException {
            Path target = home.resolve("deploy/target");
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "deploy-*.jar")) {
                for (Path jar : jars) {
                    return jar;
                }
            } catch (IOException e) {
                // reported below
            }
            return fail("deploy/target/deploy-*.jar is missing: build with ./mvnw -pl simulator -am verify (the "
                    + "simulator's pom orders deploy before it)");
        }

        private static String javaBinary() {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }
}
