package dev.ep.ingest.bench;

import dev.ep.ingest.EventIngestApplication;
import dev.ep.schemas.Topic;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.Topics;
import dev.ep.schemas.serde.AvroSerializer;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The loading benchmark (not a test: it asserts only that every event arrived, never a time). It pre-produces a
 * backlog of mixed events to the real broker, then loads it into PostgreSQL once per write method with the real
 * application (fresh database and consumer group each time) and reports events/s; then it streams events at a fixed
 * rate into an idle loader and reports the end-to-end lag. Writes {@code ingest-benchmark.json} and {@code .md}.
 *
 * <p>Run: see the module README ("Benchmark"). Settings (system properties): {@code bench.events} (2,000,000),
 * {@code bench.methods} (copy,insert), {@code bench.consumers} (2), {@code bench.max-poll-records} (5000),
 * {@code bench.live-rate} (events/s, 20,000), {@code bench.live-seconds} (15), {@code bench.out} (target/bench),
 * {@code bench.durability} ({@code durable,test}: every method on a PostgreSQL with fsync on, as the platform runs,
 * and on the test platform's server, side by side; the live stream runs on the first).
 */
class IngestBenchmark {

    record Settings(long events, List<String> methods, List<String> durability, int consumers, int maxPollRecords,
                    int liveRate, int liveSeconds, Path out) {

        static Settings fromSystemProperties() {
            return new Settings(Long.getLong("bench.events", 2_000_000),
                    List.of(System.getProperty("bench.methods", "copy,insert").split(",")),
                    List.of(System.getProperty("bench.durability", "durable,test").split(",")),
                    Integer.getInteger("bench.consumers", 2), Integer.getInteger("bench.max-poll-records", 5_000),
                    Integer.getInteger("bench.live-rate", 20_000), Integer.getInteger("bench.live-seconds", 15),
                    Path.of(System.getProperty("bench.out", "target/bench")));
        }
    }

    record BacklogResult(String method, String durability, String postgresSettings, long events, double seconds, double eventsPerSecond,
                         double secondsIncludingStart, long batches, double meanBatchSize, double meanBatchMillis,
                         long rows) {
    }

    record LiveResult(String method, String durability, int rate, int seconds, long events, double p50Millis, double p99Millis,
                      double maxMillis, double meanKafkaToCommitMillis) {
    }

    @Test
    void run() throws Exception {
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        String bootstrap = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        log("Broker %s, registry %s, %d events, methods %s", bootstrap, registry, settings.events(),
                settings.methods());

        Map<String, String> backlog = topics(bootstrap);
        Instant produceStart = Instant.now();
        produce(bootstrap, registry, backlog, settings.events(), 0);
        double produceSeconds = Duration.between(produceStart, Instant.now()).toMillis() / 1000.0;
        log("Produced %d events in %.1f s (%.0f/s)", settings.events(), produceSeconds,
                settings.events() / produceSeconds);

        List<BacklogResult> results = new ArrayList<>();
        LiveResult live;
        try (Servers servers = new Servers()) {
            for (String durability : settings.durability()) {
                for (String method : settings.methods()) {
                    results.add(loadBacklog(settings, bootstrap, registry, backlog, method.trim(),
                            servers.database(durability.trim(), "bench_" + method.trim())));
                }
            }
            String first = settings.durability().get(0).trim();
            String best = results.stream().filter(r -> r.durability().equals(first))
                    .max((a, b) -> Double.compare(a.eventsPerSecond(), b.eventsPerSecond())).orElseThrow().method();
            live = live(settings, bootstrap, registry, best, first, servers.database(first, "bench_live"));
        }
        write(settings, produceSeconds, results, live);
    }

    /**
     * The PostgreSQL servers of the run. {@code durable}: an embedded server of its own started with the settings the
     * platform runs with ({@code fsync=on}, {@code synchronous_commit=on}, {@code full_page_writes=on}: every
     * committed batch is on disk). {@code test}: the test platform's shared server (zonky's test settings,
     * {@code synchronous_commit=off}; the figures of earlier runs). Each run reports what the server actually had.
     */
    static final class Servers implements AutoCloseable {

        private EmbeddedPostgres durable;

        Database database(String durability, String prefix) throws Exception {
            return switch (durability) {
                case "test" -> TestPlatform.postgres().newDatabase(prefix + "_test");
                case "durable" -> {
                    if (durable == null) {
                        durable = EmbeddedPostgres.builder().setPort(0).setRegisterShutdownHook(false)
                                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                                .setServerConfig("full_page_writes", "on").start();
                    }
                    String name = prefix + "_durable_" + System.nanoTime();
                    try (Connection c = durable.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + name);
                    }
                    yield new Database("jdbc:postgresql://127.0.0.1:" + durable.getPort() + "/" + name, "postgres", "",
                            name);
                }
                default -> throw new IllegalArgumentException("bench.durability: durable or test, got " + durability);
            };
        }

        @Override
        public void close() throws IOException {
            if (durable != null) {
                durable.close();
            }
        }
    }

    /** What the server really does with a commit: fsync, synchronous_commit, full_page_writes. */
    private static String postgresSettings(Database db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT current_setting('fsync'), current_setting('synchronous_commit'), "
                        + "current_setting('full_page_writes')")) {
            rs.next();
            return "fsync=" + rs.getString(1) + " synchronous_commit=" + rs.getString(2) + " full_page_writes="
                    + rs.getString(3);
        }
    }

    private static BacklogResult loadBacklog(Settings settings, String bootstrap, String registry,
                                             Map<String, String> topics, String method, Database db)
            throws Exception {
        String durability = db.name().contains("_durable_") ? "durable" : "test";
        String postgres = postgresSettings(db);
        log("%s on %s PostgreSQL (%s)", method, durability, postgres);
        String group = "bench-" + method + "-" + System.nanoTime();
        Instant started = Instant.now();
        try (ConfigurableApplicationContext app = start(settings, bootstrap, registry, db, topics, group, method);
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long total = settings.events();
            Instant first = null;
            long committedAtFirst = 0;
            long committed = 0;
            while (committed < total) {
                committed = committed(admin, group, topics);
                if (first == null && committed > 0) {
                    first = Instant.now();
                    committedAtFirst = committed;
                }
                Thread.sleep(50);
            }
            Instant done = Instant.now();
            double seconds = Duration.between(first, done).toNanos() / 1e9;
            double eventsPerSecond = (total - committedAtFirst) / seconds;
            MeterRegistry meters = app.getBean(MeterRegistry.class);
            Timer batch = meters.get("ep.ingest.batch.duration").timer();
            double batchRecords = meters.get("ep.ingest.batch.size").summary().totalAmount();
            long rows = rows(db);
            if (rows != total) {
                throw new IllegalStateException(method + ": expected " + total + " rows, found " + rows);
            }
            BacklogResult result = new BacklogResult(method, durability, postgres, total, seconds, eventsPerSecond,
                    Duration.between(started, done).toNanos() / 1e9, batch.count(), batchRecords / batch.count(),
                    batch.mean(TimeUnit.MILLISECONDS), rows);
            log("%s/%s: %d events in %.1f s = %.0f events/s (%.1f s with start-up); %d batches, mean %.0f records, "
                    + "%.1f ms (decode %.1f ms, write %.1f ms)", method, durability, total, seconds, eventsPerSecond,
                    result.secondsIncludingStart(), batch.count(), result.meanBatchSize(), result.meanBatchMillis(),
                    meters.get("ep.ingest.decode.duration").timer().mean(TimeUnit.MILLISECONDS),
                    meters.get("ep.ingest.write.duration").timer().mean(TimeUnit.MILLISECONDS));
            return result;
        }
    }

    private static LiveResult live(Settings settings, String bootstrap, String registry, String method,
                                   String durability, Database db) throws Exception {
        Map<String, String> topics = topics(bootstrap);
        String group = "bench-live-" + System.nanoTime();
        long events = (long) settings.liveRate() * settings.liveSeconds();
        try (ConfigurableApplicationContext app = start(settings, bootstrap, registry, db, topics, group, method);
             Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (app.getBean(MeterRegistry.class).find("ep.ingest.consumer.lag").gauges().size()
                    < 3 * Topics.DEFAULT_EVENT_PARTITIONS) {
                Thread.sleep(50); // every partition assigned
            }
            log("Live: %d events/s for %d s with %s on %s PostgreSQL", settings.liveRate(), settings.liveSeconds(),
                    method, durability);
            produce(bootstrap, registry, topics, events, settings.liveRate());
            while (committed(admin, group, topics) < events) {
                Thread.sleep(50);
            }
            Timer e2e = app.getBean(MeterRegistry.class).get("ep.ingest.end.to.end.lag").timer();
            double[] lag = lagMillis(db);
            LiveResult result = new LiveResult(method, durability, settings.liveRate(), settings.liveSeconds(), events, lag[0],
                    lag[1], lag[2], e2e.mean(TimeUnit.MILLISECONDS));
            log("Live: end-to-end lag (received -> row written) p50 %.0f ms, p99 %.0f ms, max %.0f ms; Kafka "
                    + "timestamp -> commit mean %.0f ms", lag[0], lag[1], lag[2], result.meanKafkaToCommitMillis());
            return result;
        }
    }

    private static ConfigurableApplicationContext start(Settings settings, String bootstrap, String registry,
                                                        Database db, Map<String, String> topics, String group,
                                                        String method) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.kafka.properties.schema.registry.url=" + registry,
                "--spring.kafka.consumer.group-id=" + group,
                "--ep.ingest.topics.assignments=" + topics.get("assignments"),
                "--ep.ingest.topics.coverage=" + topics.get("coverage"),
                "--ep.ingest.topics.events=" + topics.get("events"),
                "--ep.ingest.topics.dead-letter=" + topics.get("dead-letter"),
                "--ep.ingest.write-method=" + method,
                "--ep.ingest.consumers=" + settings.consumers(),
                "--ep.ingest.max-poll-records=" + settings.maxPollRecords(),
                "--logging.level.root=WARN",
                "--logging.level.dev.ep.ingest=WARN"));
        return new SpringApplicationBuilder(EventIngestApplication.class).run(args.toArray(String[]::new));
    }

    /** Creates the event and dead-letter topics (6 partitions each) under unique names. */
    private static Map<String, String> topics(String bootstrap) {
        Map<String, String> names = Map.of(
                "assignments", TestPlatform.uniqueTopic("bench.assignments"),
                "coverage", TestPlatform.uniqueTopic("bench.coverage"),
                "events", TestPlatform.uniqueTopic("bench.events"),
                "dead-letter", TestPlatform.uniqueTopic("bench.dlt"));
        List<Topic<?, ?>> topics = List.of(Topics.ASSIGNMENTS.withName(names.get("assignments")),
                Topics.COVERAGE.withName(names.get("coverage")), Topics.EVENTS.withName(names.get("events")),
                Topics.DLT_EVENT_INGEST.withName(names.get("dead-letter")));
        try (TopicProvisioner provisioner = TopicProvisioner.create(Map.of("bootstrap.servers", bootstrap))) {
            provisioner.provision(topics);
        }
        return names;
    }

    /** Produces {@code count} mixed events; {@code rate} events/s when positive (open loop), else as fast as possible. */
    private static void produce(String bootstrap, String registry, Map<String, String> topics, long count, int rate)
            throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? 5 : 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 256L * 1024 * 1024);
        props.put("schema.registry.url", registry);
        long startNanos = System.nanoTime();
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(props)) {
            for (long i = 0; i < count; i++) {
                if (rate > 0) {
                    long due = startNanos + i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 200_000) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                BenchEvents.Event event = BenchEvents.event(i, Instant.now());
                String topic = switch (event.kind()) {
                    case DECISION -> topics.get("assignments");
                    case COVERAGE -> topics.get("coverage");
                    case TRACKING -> topics.get("events");
                };
                producer.send(new ProducerRecord<>(topic, event.sessionId(), event.value()));
            }
            producer.flush();
        }
    }

    /** Records committed by the group over the three event topics. */
    private static long committed(Admin admin, String group, Map<String, String> topics) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (String topic : List.of(topics.get("assignments"), topics.get("coverage"), topics.get("events"))) {
            for (int p = 0; p < Topics.DEFAULT_EVENT_PARTITIONS; p++) {
                earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
            }
        }
        long sum = 0;
        for (var e : admin.listOffsets(earliest).all().get().entrySet()) {
            OffsetAndMetadata committed = offsets.get(e.getKey());
            if (committed != null) {
                sum += committed.offset() - e.getValue().offset();
            }
        }
        return sum;
    }

    private static long rows(Database db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT count(*) FROM decisions) + (SELECT count(*) FROM coverage) "
                        + "+ (SELECT count(*) FROM tracking_events)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** p50, p99 and max of ingested_at - received_time over the tracking events, in ms. */
    private static double[] lagMillis(Database db) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag), percentile_cont(0.99) WITHIN GROUP
                       (ORDER BY lag), max(lag)
                FROM (SELECT extract(epoch FROM ingested_at - received_time) * 1000 AS lag FROM tracking_events) l""")) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
        }
    }

    private static void write(Settings settings, double produceSeconds, List<BacklogResult> results,
                              LiveResult live) throws IOException {
        Files.createDirectories(settings.out());
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Backlog of %,d mixed events (produced in %.1f s), %d consumer(s), "
                + "max.poll.records %d, %d cores, load average at the end %s%n%n", settings.events(), produceSeconds,
                settings.consumers(), settings.maxPollRecords(), Runtime.getRuntime().availableProcessors(),
                loadAverage()));
        md.append("| method | PostgreSQL | events | load time (s) | events/s | incl. start-up (s) | batches | "
                + "mean batch | mean batch time (ms) |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder json = new StringBuilder("{\n  \"events\": " + settings.events() + ",\n  \"produceSeconds\": "
                + fmt(produceSeconds) + ",\n  \"consumers\": " + settings.consumers() + ",\n  \"maxPollRecords\": "
                + settings.maxPollRecords() + ",\n  \"cores\": " + Runtime.getRuntime().availableProcessors()
                + ",\n  \"loadAverage\": \"" + loadAverage() + "\",\n  \"backlog\": [\n");
        for (int i = 0; i < results.size(); i++) {
            BacklogResult r = results.get(i);
            md.append(String.format(Locale.ROOT, "| %s | %s (%s) | %,d | %.1f | %,.0f | %.1f | %,d | %.0f | %.1f |%n",
                    r.method(), r.durability(), r.postgresSettings(), r.events(), r.seconds(), r.eventsPerSecond(), r.secondsIncludingStart(),
                    r.batches(), r.meanBatchSize(), r.meanBatchMillis()));
            json.append("    {\"method\": \"").append(r.method()).append("\", \"durability\": \"")
                    .append(r.durability()).append("\", \"postgres\": \"").append(r.postgresSettings())
                    .append("\", \"events\": ").append(r.events())
                    .append(", \"seconds\": ").append(fmt(r.seconds())).append(", \"eventsPerSecond\": ")
                    .append(fmt(r.eventsPerSecond())).append(", \"secondsIncludingStart\": ")
                    .append(fmt(r.secondsIncludingStart())).append(", \"batches\": ").append(r.batches())
                    .append(", \"meanBatchSize\": ").append(fmt(r.meanBatchSize()))
                    .append(", \"meanBatchMillis\": ").append(fmt(r.meanBatchMillis())).append('}')
                    .append(i + 1 < results.size() ? ",\n" : "\n");
        }
        md.append(String.format(Locale.ROOT, "%nLive stream: %,d events/s for %d s (%s, %s PostgreSQL): end-to-end lag "
                        + "(received_time -> row written) p50 %.0f ms, p99 %.0f ms, max %.0f ms; Kafka timestamp -> "
                        + "commit mean %.0f ms%n", live.rate(), live.seconds(), live.method(), live.durability(),
                live.p50Millis(),
                live.p99Millis(), live.maxMillis(), live.meanKafkaToCommitMillis()));
        json.append("  ],\n  \"live\": {\"method\": \"").append(live.method()).append("\", \"durability\": \"")
                .append(live.durability()).append("\", \"rate\": ")
                .append(live.rate()).append(", \"seconds\": ").append(live.seconds()).append(", \"events\": ")
                .append(live.events()).append(", \"lagP50Millis\": ").append(fmt(live.p50Millis()))
                .append(", \"lagP99Millis\": ").append(fmt(live.p99Millis())).append(", \"lagMaxMillis\": ")
                .append(fmt(live.maxMillis())).append(", \"meanKafkaToCommitMillis\": ")
                .append(fmt(live.meanKafkaToCommitMillis())).append("}\n}\n");
        Files.writeString(settings.out().resolve("ingest-benchmark.md"), md);
        Files.writeString(settings.out().resolve("ingest-benchmark.json"), json);
        System.out.println();
        System.out.println(md);
        log("Written to %s", settings.out().toAbsolutePath());
    }

    /** The 1, 5 and 15 minute load averages: the box is shared, so figures need their context. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
