package dev.ep.reporting.stream;

import dev.ep.events.v1.ArmResult;
import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.schemas.serde.AvroDeserializer;
import dev.ep.schemas.serde.AvroSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The reporting topology in a {@code TopologyTestDriver}, fed Avro records through an in-memory registry. */
final class TopologyHarness implements AutoCloseable {

    static final ReportingTopology.TopicNames TOPICS = new ReportingTopology.TopicNames("ep.coverage", "ep.events",
            "ep.assignments", "ep.config.experiments", "ep.results", "ep.dlt.reporting-service");
    static final long WINDOW = Duration.ofHours(1).toMillis();
    static final long GRACE = Duration.ofMinutes(5).toMillis();

    /** A dead letter written outside the topology: by the global thread, or for an unreadable internal record. */
    record GlobalDeadLetter(byte[] key, byte[] value, Headers headers) {
    }

    final MemoryRegistry registry = new MemoryRegistry();
    final ConfigView config = new ConfigView();
    final StreamCounters counters = new StreamCounters();
    final List<GlobalDeadLetter> globalDeadLetters = new ArrayList<>();
    final TopologyTestDriver driver;
    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "http://127.0.0.1:1",
            "auto.register.schemas", "true");
    private final AvroSerializer<IndexedRecord> serializer = new AvroSerializer<>(registry);
    private final AvroDeserializer<ArmResult> resultReader;
    private final TestOutputTopic<String, byte[]> results;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Map<String, ArmTotals> latest = new LinkedHashMap<>();

    TopologyHarness() throws Exception {
        this(new AttributionSettings(WINDOW, GRACE, 10 * WINDOW), Duration.ofMinutes(1));
    }

    TopologyHarness(AttributionSettings settings, Duration sweep) throws Exception {
        this(settings, sweep, Duration.ZERO);
    }

    /** With {@code resultsEmit} above zero, arms are published when the wall clock advances ({@link #advanceWallClock}). */
    TopologyHarness(AttributionSettings settings, Duration sweep, Duration resultsEmit) throws Exception {
        this(settings, sweep, resultsEmit, Duration.ZERO, Files.createTempDirectory("reporting-ttd"));
    }

    /**
     * With {@code armsCombine} above zero the units' deltas are added up per arm and forwarded when the wall clock
     * advances ({@link #advanceWallClock}); the driver deletes {@code stateDir} when it closes.
     */
    TopologyHarness(AttributionSettings settings, Duration sweep, Duration resultsEmit, Duration armsCombine,
                    Path stateDir) {
        this(settings, sweep, resultsEmit, armsCombine, stateDir, 1, 1_000);
    }

    /**
     * With {@code partitions} input partitions configured (the driver runs every input on partition 0, so a session
     * whose id belongs to another partition is one whose producer did not key it by session id), and sweeps of at
     * most {@code sweepBatch} units at a time (the rest at each advance of the wall clock).
     */
    TopologyHarness(AttributionSettings settings, Duration sweep, Duration resultsEmit, Duration armsCombine,
                    Path stateDir, int partitions, int sweepBatch) {
        serializer.configure(serdeConfig, false);
        resultReader = new AvroDeserializer<>(registry, ArmResult.class, serdeConfig, false);
        StreamsBuilder builder = new StreamsBuilder();
        ReportingTopology.build(builder, new ReportingTopology.Wiring(TOPICS,
                settings, sweep, registry, serdeConfig,
                config, counters, (k, v, h) -> globalDeadLetters.add(new GlobalDeadLetter(k, v, h)), "ep-reporting",
                resultsEmit, armsCombine, partitions, sweepBatch));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ep-reporting");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // as StreamConfiguration configures the service: unreadable internal records go to the same sink
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, InternalTopicDeadLetters.class.getName());
        props.put(InternalTopicDeadLetters.SINK_CONFIG,
                (DeadLetterSink) (k, v, h) -> globalDeadLetters.add(new GlobalDeadLetter(k, v, h)));
        driver = new TopologyTestDriver(builder.build(), props, Events.T0);
        results = driver.createOutputTopic(TOPICS.results(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /**
     * Pipes the record with its own server time as the Kafka timestamp (its {@code receivedTime}, else its
     * {@code time}, else {@link Events#T0}), as a producer of the platform would, so that stream time follows the
     * events and never the machine's clock.
     */
    void send(String topic, IndexedRecord record) {
        sendRaw(topic, bytes(topic, record), timestampOf(record));
    }

    private static Instant timestampOf(IndexedRecord record) {
        for (String name : List.of("receivedTime", "time")) {
            Schema.Field field = record.getSchema().getField(name);
            Object value = field == null ? null : record.get(field.pos());
            if (value instanceof Instant instant) {
                return instant;
            }
            if (value instanceof Long millis) {
                return Instant.ofEpochMilli(millis);
            }
        }
        return Events.T0;
    }

    /** The record in the wire format, as a producer would write it to the topic. */
    byte[] bytes(String topic, IndexedRecord record) {
        return serializer.serialize(topic, record);
    }

    void sendRaw(String topic, byte[] value) {
        sendRaw(topic, value, Events.T0);
    }

    void sendRaw(String topic, byte[] value, Instant timestamp) {
        TestInputTopic<byte[], byte[]> input = driver.createInputTopic(topic, new ByteArraySerializer(),
                new ByteArraySerializer());
        input.pipeInput(new TestRecord<>("key".getBytes(), value, timestamp));
    }

    /** Advances the driver's wall clock (fires wall-clock punctuations, such as the arms' publication). */
    void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** How many records were written to ep.results and not yet read by {@link #results()}. */
    long pendingResults() {
        return results.getQueueSize();
    }

    /** The latest totals of every arm written to ep.results so far. */
    Map<String, ArmTotals> results() {
        for (var record : results.readKeyValuesToList()) {
            latest.put(record.key, ArmResults.fromAvro(resultReader.deserialize(TOPICS.results(), record.value)));
        }
        return latest;
    }

    ArmTotals arm(String experiment, int phase, String treatment) {
        ArmKey key = new ArmKey(experiment, phase, treatment);
        return results().getOrDefault(key.text(), ArmTotals.empty(key));
    }

    long sumY(String experiment, int phase, String treatment, String metric) {
        var sums = arm(experiment, phase, treatment).metrics().get(metric);
        return sums == null ? 0 : sums.sumY().longValueExact();
    }

    /** The number of entries in a store of the driver. */
    static long count(KeyValueStore<?, ?> store) {
        long n = 0;
        try (KeyValueIterator<?, ?> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        driver.close();
    }
}
