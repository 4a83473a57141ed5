package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.events.v1.UnitType;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryClient;
import dev.ep.schemas.registry.SchemaRegistryClientConfig;
import dev.ep.schemas.serde.AvroDeserializer;
import dev.ep.schemas.serde.AvroSerializer;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.load.BenchmarkArguments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * In-process throughput of the reporting topology ({@code bench/run.sh throughput}): N pre-produced input records
 * on a real broker (test-support's embedded KRaft broker, the in-process registry), processed by
 *
 * <ol>
 *   <li>the <b>baseline</b>: the same Avro decode and re-keying by unit ({@link DecodeProcessor}), then {@code to()}
 *   one topic: one exactly-once hop, with the same streams settings;</li>
 *   <li>the <b>real topology</b> ({@link ReportingTopology#build}) until every arm is published with its exact
 *   final totals (assigned units, exposed units and Σ revenue equal to what the generator produced).</li>
 * </ol>
 *
 * Both read the same records from the beginning under their own application id; the figure is input records per
 * second from the streams' RUNNING state to the end condition, and the ratio real / baseline (measured in the same
 * run, so a busy machine slows both). The input mix: per session a decision (two experiments on the session unit, a
 * holdout with 10% held out), a coverage for 60%, a page view for 50%, an add-to-cart for 15%, an order for 5%.
 */
public final class ThroughputBenchmark {

    private static final String EXP_A = "bench-a";
    private static final String EXP_B = "bench-b";

    private final Map<String, String> options;
    private final String bootstrap;
    private final String registryUrl;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final ReportingTopology.TopicNames topics;
    private final Expected expected = new Expected();
    private long inputRecords;

    /** What the real topology must end with: the exact totals the generated records imply. */
    private static final class Expected {
        long assigned;
        long exposed;
        long revenue;
    }

    private ThroughputBenchmark(Map<String, String> options) {
        this.options = options;
        this.bootstrap = TestPlatform.kafka().bootstrapServers();
        this.registryUrl = TestPlatform.registry().url();
        this.topics = new ReportingTopology.TopicNames("bench.coverage-" + run, "bench.events-" + run,
                "bench.assignments-" + run, "bench.config-" + run, "bench.results-" + run, "bench.dlt-" + run);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("sessions", "20000", "partitions", "6",
                "commitMs", "100", "combineMs", "50", "cacheBytes", "10485760", "timeoutSeconds", "600"));
        BenchmarkArguments.apply(options, args);
        int status = new ThroughputBenchmark(options).run();
        System.exit(status);
    }

    private int run() throws Exception {
        createTopics();
        produce();
        System.out.printf(Locale.ROOT, "%d input records (%d sessions) produced; load average %s%n", inputRecords,
                Integer.parseInt(options.get("sessions")), loadAverage());
        Measured baseline = measure("baseline", this::baselineTopology, this::baselineDone);
        Measured real = measure("topology", this::realTopology, this::realDone);
        String line = String.format(Locale.ROOT,
                "baseline (decode + to()) %.0f records/s, %.0f per stream-thread CPU-second; reporting topology %.0f "
                        + "records/s, %.0f per CPU-second; ratio %.3f (wall clock), %.3f (CPU) (%d records, load "
                        + "average after %s)", baseline.rate(), baseline.perCpuSecond(), real.rate(),
                real.perCpuSecond(), real.rate() / baseline.rate(), real.perCpuSecond() / baseline.perCpuSecond(),
                inputRecords, loadAverage());
        System.out.println(line);
        Path out = Path.of("target/benchmarks");
        Files.createDirectories(out);
        Files.writeString(out.resolve("throughput-results.md"), "`bench/run.sh throughput "
                + options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))
                + "` at " + Instant.now() + ": " + line + "\n");
        return 0;
    }

    private void createTopics() throws Exception {
        int partitions = Integer.parseInt(options.get("partitions"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topics.coverage(), partitions, (short) 1),
                    new NewTopic(topics.events(), partitions, (short) 1),
                    new NewTopic(topics.assignments(), partitions, (short) 1),
                    new NewTopic(topics.config(), 1, (short) 1),
                    new NewTopic(topics.results(), partitions, (short) 1)
                            .configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(topics.deadLetters(), partitions, (short) 1),
                    new NewTopic(topics.results() + "-baseline", partitions, (short) 1))).all().get();
        }
    }

    /** Every input record, produced before any stream starts; event times from the clock (no fixed dates). */
    private void produce() {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "schema.registry.url", registryUrl,
                "auto.register.schemas", "true", "acks", "all", "linger.ms", "5");
        AvroSerializer<IndexedRecord> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        Random random = new Random(42);
        int sessions = Integer.parseInt(options.get("sessions"));
        long start = System.currentTimeMillis() - sessions; // one session a millisecond, ending now
        try (KafkaProducer<String, IndexedRecord> producer = new KafkaProducer<>(config, new StringSerializer(),
                serializer)) {
            send(producer, topics.config(), EXP_A, Events.experiment(EXP_A, UnitType.SESSION, null), start);
            send(producer, topics.config(), EXP_B, Events.experiment(EXP_B, UnitType.SESSION, null), start);
            for (int i = 0; i < sessions; i++) {
                long t = start + i;
                String session = "s-" + run + "-" + i;
                String experiment = i % 2 == 0 ? EXP_A : EXP_B;
                String treatment = random.nextBoolean() ? "control" : "treatment";
                boolean heldOut = random.nextInt(10) == 0;
                AssignmentDecision decision = AssignmentDecision.newBuilder(
                                Events.decision(session, experiment, treatment, false, heldOut, 0))
                        .setTime(Instant.ofEpochMilli(t)).build();
                send(producer, topics.assignments(), session, decision, t);
                expected.assigned++;
                boolean covered = random.nextInt(10) < 6;
                if (covered) {
                    CoverageEvent coverage = CoverageEvent.newBuilder(
                                    Events.sessionCoverage(experiment, treatment, session, 0))
                            .setTime(Instant.ofEpochMilli(t + 1)).build();
                    send(producer, topics.coverage(), session, coverage, t + 1);
                    if (!heldOut) {
                        expected.exposed++;
                    }
                }
                if (random.nextBoolean()) {
                    send(producer, topics.events(), session, tracking(session, TrackingType.PAGE_VIEW, 0, t + 2),
                            t + 2);
                }
                if (random.nextInt(100) < 15) {
                    send(producer, topics.events(), session, tracking(session, TrackingType.ADD_TO_CART, 0, t + 3),
                            t + 3);
                }
                if (random.nextInt(100) < 5) {
                    long value = 1_000 + random.nextInt(9_000);
                    send(producer, topics.events(), session, tracking(session, TrackingType.ORDER, value, t + 4),
                            t + 4);
                    if (covered && !heldOut) {
                        expected.revenue += value;
                    }
                }
            }
            producer.flush();
        }
    }

    private static TrackingEvent tracking(String session, TrackingType type, long value, long time) {
        TrackingEvent.Builder event = TrackingEvent.newBuilder(Events.event(UUID.randomUUID().toString(), type, session,
                        null, 0))
                .setTime(Instant.ofEpochMilli(time)).setReceivedTime(Instant.ofEpochMilli(time));
        if (type == TrackingType.ORDER) {
            event.setValue(value).setCurrency("EUR").setOrderId("o-" + session);
        }
        return event.build();
    }

    private void send(KafkaProducer<String, IndexedRecord> producer, String topic, String key, IndexedRecord value,
                      long time) {
        producer.send(new ProducerRecord<>(topic, null, time, key, value));
        if (!topic.equals(topics.config())) {
            inputRecords++;
        }
    }

    /** Input records per second of wall clock and per CPU-second of the stream threads. */
    private record Measured(double rate, double perCpuSecond) {
    }

    private interface TopologyFactory {
        void build(StreamsBuilder builder, SchemaRegistry registry, Map<String, Object> serdeConfig);
    }

    /** Runs one topology from the inputs' beginning until {@code done}; input records per second. */
    private Measured measure(String name, TopologyFactory factory, BooleanSupplier done) throws IOException {
        String applicationId = "bench-" + name + "-" + run;
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", registryUrl);
        SchemaRegistry registry = new SchemaRegistryClient(SchemaRegistryClientConfig.fromProperties(
                Map.of("schema.registry.url", registryUrl)));
        StreamsBuilder builder = new StreamsBuilder();
        factory.build(builder, registry, serdeConfig);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-" + name).toString());
        // the service's settings (application.yml: spring.kafka.streams.properties)
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, options.get("commitMs"));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, options.get("cacheBytes"));
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.producerPrefix("transaction.timeout.ms"), "10000");
        long cpuBefore = processCpuNanos();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                check(System.nanoTime() < deadline, name + " did not reach RUNNING: " + streams.state());
                sleep(10);
            }
            long start = System.nanoTime();
            long timeout = start + Duration.ofSeconds(Long.parseLong(options.get("timeoutSeconds"))).toNanos();
            while (!done.getAsBoolean()) {
                check(System.nanoTime() < timeout, name + " did not finish within the timeout");
                check(streams.state().isRunningOrRebalancing(), name + " stopped: " + streams.state());
                sleep(20);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = inputRecords / seconds;
            double streamCpu = streamThreadCpuNanos() / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d records in %.2f s = %.0f records/s; stream threads' CPU %.2f s "
                            + "= %.0f records per CPU-second (process CPU %.1f s)%n", name, inputRecords, seconds,
                    rate, streamCpu, inputRecords / streamCpu, (processCpuNanos() - cpuBefore) / 1e9);
            System.out.printf(Locale.ROOT, "%s: stream thread (Kafka Streams' metrics, recent window): %s%n", name,
                    threadMetrics(streams));
            return new Measured(rate, inputRecords / streamCpu);
        }
    }

    /** Where the stream thread's time went: Kafka Streams' own {@code stream-thread-metrics}. */
    private static String threadMetrics(KafkaStreams streams) {
        List<String> names = List.of("process-ratio", "poll-ratio", "commit-ratio", "punctuate-ratio",
                "commit-latency-avg", "commit-latency-max", "poll-records-avg", "process-records-avg");
        Map<String, String> values = new java.util.TreeMap<>();
        streams.metrics().forEach((metric, value) -> {
            if (metric.group().equals("stream-thread-metrics") && names.contains(metric.name())
                    && value.metricValue() instanceof Double d) {
                values.put(metric.name(), String.format(Locale.ROOT, "%.3f", d));
            }
        });
        return values.toString();
    }

    private void baselineTopology(StreamsBuilder builder, SchemaRegistry registry, Map<String, Object> serdeConfig) {
        KStream<String, Outbound> decoded = decode(builder, registry, serdeConfig, topics.coverage(),
                CoverageEvent.class, InputMapper::coverage, "coverage")
                .merge(decode(builder, registry, serdeConfig, topics.events(), TrackingEvent.class,
                        InputMapper::tracking, "events"))
                .merge(decode(builder, registry, serdeConfig, topics.assignments(), AssignmentDecision.class,
                        InputMapper::decision, "assignments"));
        decoded.mapValues(Outbound::unit, Named.as("unit-input"))
                .to(topics.results() + "-baseline", Produced.with(Serdes.String(), new JsonSerde<>(UnitMessage.class)));
    }

    private <T extends org.apache.avro.specific.SpecificRecord> KStream<String, Outbound> decode(
            StreamsBuilder builder, SchemaRegistry registry, Map<String, Object> serdeConfig, String topic,
            Class<T> type, java.util.function.Function<T, Routed> mapper, String name) {
        return builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name + "-source"))
                .process(() -> new DecodeProcessor<>(topic, new AvroDecoder<>(registry, type, serdeConfig), mapper,
                        "bench", new SessionPlacement(Integer.parseInt(options.get("partitions")))),
                        Named.as("decode-" + name));
    }

    private void realTopology(StreamsBuilder builder, SchemaRegistry registry, Map<String, Object> serdeConfig) {
        // the service's defaults (application.yml): window 7 d, grace 1 h, memory 30 d, CUPED 14 d / 56 d, sweep
        // 1 min of stream time, arms published every 100 ms
        AttributionSettings settings = new AttributionSettings(Duration.ofDays(7).toMillis(),
                Duration.ofHours(1).toMillis(), Duration.ofDays(30).toMillis(), 14, 56);
        ReportingTopology.build(builder, new ReportingTopology.Wiring(topics, settings, Duration.ofMinutes(1),
                registry, serdeConfig, new ConfigView(), new StreamCounters(),
                (k, v, h) -> {
                    throw new IllegalStateException("configuration record dead-lettered");
                }, "bench", Duration.ofMillis(100), Duration.ofMillis(Long.parseLong(options.get("combineMs"))),
                Integer.parseInt(options.get("partitions")), 250));
    }

    /** The baseline is done when its group has committed every input offset. */
    private boolean baselineDone() {
        return committedToEnd("bench-baseline-" + run);
    }

    private boolean committedToEnd(String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            int partitions = Integer.parseInt(options.get("partitions"));
            for (String topic : List.of(topics.coverage(), topics.events(), topics.assignments())) {
                for (int p = 0; p < partitions; p++) {
                    ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
            for (var e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                // a transaction marker follows the last record, so the committed offset may be one past the end
                if (e.getValue().offset() > 0 && (c == null || c.offset() < e.getValue().offset())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private KafkaConsumer<String, byte[]> resultsConsumer;
    private final Map<String, ArmTotals> latest = new HashMap<>();
    private AvroDeserializer<ArmResult> resultReader;

    /** The real topology is done when the published arms carry exactly the totals the inputs imply. */
    private boolean realDone() {
        if (resultsConsumer == null) {
            resultsConsumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                    "isolation.level", "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Integer.parseInt(options.get("partitions")); p++) {
                partitions.add(new TopicPartition(topics.results(), p));
            }
            resultsConsumer.assign(partitions);
            resultsConsumer.seekToBeginning(partitions);
            resultReader = new AvroDeserializer<>(new SchemaRegistryClient(SchemaRegistryClientConfig.fromProperties(
                    Map.of("schema.registry.url", registryUrl))), ArmResult.class,
                    Map.of("schema.registry.url", registryUrl), false);
        }
        for (ConsumerRecord<String, byte[]> r : resultsConsumer.poll(Duration.ofMillis(10))) {
            latest.put(r.key(), ArmResults.fromAvro(resultReader.deserialize(topics.results(), r.value())));
        }
        long assigned = 0;
        long exposed = 0;
        long revenue = 0;
        for (ArmTotals arm : latest.values()) {
            if (arm.arm().experimentId().startsWith("bench-")) {
                assigned += arm.assigned();
                exposed += arm.exposed();
                var sums = arm.metrics().get("revenue_per_session");
                revenue += sums == null ? 0 : sums.sumY().longValueExact();
            }
        }
        check(assigned <= expected.assigned && exposed <= expected.exposed,
                "more counted than produced: assigned " + assigned + ", exposed " + exposed);
        return assigned == expected.assigned && exposed == expected.exposed && revenue == expected.revenue;
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** CPU time of the stream threads (not the global thread): what the topology itself costs, less noisy than time. */
    private static long streamThreadCpuNanos() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("-StreamThread-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
