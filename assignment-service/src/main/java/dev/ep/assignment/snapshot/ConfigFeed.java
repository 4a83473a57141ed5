package dev.ep.assignment.snapshot;

import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.ConfigLog;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.Topics;
import dev.ep.schemas.serde.AvroDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served configuration: reads {@code ep.config.experiments} from the beginning (partition assigned, no
 * consumer group, nothing committed: the compacted topic is the state), applies records strictly in sequence order,
 * and swaps an immutable {@link CompiledConfig} atomically once caught up to the end offset seen at start, then after
 * every batch. Each applied state is also written to a local {@link SnapshotFile}, which is served at start until the
 * feed catches up, so a restart while Kafka is unreachable still serves the last known configuration.
 *
 * <p>A record that cannot be decoded or applied goes to {@code ep.dlt.assignment-config} with reason headers and is
 * skipped; the feed never blocks on it. A record that cannot be decoded because the schema registry is unreachable is
 * not bad: the feed waits on it (re-reading it every two seconds) and skips nothing. One daemon thread owns the
 * consumer.
 */
public final class ConfigFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFeed.class);
    private static final String TOPIC = Topics.CONFIG_EXPERIMENTS.name();
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Duration RETRY = Duration.ofSeconds(2);

    /** Where the served configuration came from. */
    public enum Source {
        NONE, DISK, KAFKA
    }

    /** What the health endpoint reports. */
    public record State(Source source, boolean caughtUp, long version, int experiments, Optional<Instant> servingSince,
            long endOffsetAtStart, long position, int warnings) {
    }

    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> adminConfig;
    private final int eventPartitions;
    private final SnapshotFile snapshotFile;
    private final Clock clock;
    private final AtomicReference<CompiledConfig> current = new AtomicReference<>(CompiledConfig.EMPTY);
    private final Counter applied;
    private final Counter stale;
    private final Counter deadLettered;
    private final Thread thread;

    private volatile boolean running = true;
    private volatile Source source = Source.NONE;
    private volatile boolean caughtUp;
    private volatile Instant servingSince;
    private volatile long endOffsetAtStart = -1;
    private volatile long position = -1;
    private boolean waitingForRegistry;
    private KafkaProducer<byte[], byte[]> deadLetterProducer;

    /**
     * @param consumerConfig  consumer settings (bootstrap servers, schema.registry.url for the serde, ...)
     * @param producerConfig  settings of the dead-letter producer
     * @param adminConfig     settings of the topic provisioner's admin client
     * @param eventPartitions partitions of the event topics when the provisioner creates them
     */
    public ConfigFeed(Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
            Map<String, Object> adminConfig, int eventPartitions, java.nio.file.Path snapshotPath, Clock clock,
            MeterRegistry meters) {
        this.consumerConfig = Map.copyOf(consumerConfig);
        this.producerConfig = Map.copyOf(producerConfig);
        this.adminConfig = Map.copyOf(adminConfig);
        this.eventPartitions = eventPartitions;
        this.snapshotFile = new SnapshotFile(snapshotPath);
        this.clock = clock;
        this.applied = Counter.builder("ep.config.records").tag("outcome", "applied")
                .description("Configuration records applied").register(meters);
        this.stale = Counter.builder("ep.config.records").tag("outcome", "stale")
                .description("Configuration records ignored: sequence not above the last applied").register(meters);
        this.deadLettered = Counter.builder("ep.config.records").tag("outcome", "dead_lettered")
                .description("Configuration records sent to the dead-letter topic").register(meters);
        Gauge.builder("ep.config.version", this, f -> f.current().version())
                .description("Highest configuration sequence served").register(meters);
        loadSnapshotFile();
        this.thread = new Thread(this::run, "config-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The configuration to serve now; never {@code null}. */
    public CompiledConfig current() {
        return current.get();
    }

    public State state() {
        CompiledConfig config = current.get();
        return new State(source, caughtUp, config.version(), config.experiments().size(),
                Optional.ofNullable(servingSince), endOffsetAtStart, position, config.warnings().size());
    }

    private void loadSnapshotFile() {
        try {
            Optional<SnapshotFile.Contents> contents = snapshotFile.read();
            if (contents.isEmpty()) {
                return;
            }
            ConfigLog log = new ConfigLog();
            for (ExperimentSnapshot record : contents.get().records()) {
                log.apply(SnapshotConverter.convert(SnapshotConverter.keyOf(record), record));
            }
            log.advanceTo(contents.get().lastSequence());
            current.set(log.compile());
            source = Source.DISK;
            servingSince = clock.instant();
            LOG.info("Serving configuration version {} ({} records) from {} until the feed catches up",
                    log.lastSequence(), contents.get().records().size(), snapshotFile.path());
        } catch (Exception e) {
            LOG.error("Cannot read the configuration snapshot {}; starting without it", snapshotFile.path(), e);
        }
    }

    private void run() {
        boolean provisioned = false;
        Instant nextProvisioning = Instant.MIN;
        Map<String, Object> consumerConfig = new HashMap<>(this.consumerConfig);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "assignment-config-feed");
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Object> serdeConfig = new HashMap<>(this.consumerConfig);
        serdeConfig.put("specific.avro.reader", true);
        ConfigLog log = new ConfigLog();
        Map<String, ExperimentSnapshot> records = new LinkedHashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig);
             AvroDeserializer<ExperimentSnapshot> deserializer = new AvroDeserializer<>()) {
            deserializer.configure(serdeConfig, false);
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            while (running) {
                try {
                    if (!provisioned && clock.instant().isAfter(nextProvisioning)) {
                        provisioned = provision();
                        nextProvisioning = clock.instant().plus(RETRY.multipliedBy(5));
                    }
                    if (endOffsetAtStart < 0) {
                        endOffsetAtStart = consumer.endOffsets(List.of(PARTITION), RETRY).get(PARTITION);
                        LOG.info("Catching up on {} to offset {}", TOPIC, endOffsetAtStart);
                    }
                    boolean changed = false;
                    RegistryUnavailableException unavailable = null;
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        try {
                            changed |= handle(record, deserializer, log, records);
                        } catch (RegistryUnavailableException e) {
                            // not the record's fault: read it again once the registry answers, skip nothing
                            consumer.seek(PARTITION, record.offset());
                            unavailable = e;
                            break;
                        }
                    }
                    position = consumer.position(PARTITION, RETRY);
                    if (!caughtUp && position >= endOffsetAtStart) {
                        caughtUp = true;
                        changed = true;
                        LOG.info("Caught up on {} at offset {}: configuration version {}", TOPIC, position,
                                log.lastSequence());
                    }
                    if (caughtUp && changed) {
                        publish(log, records);
                    }
                    if (unavailable != null) {
                        if (!waitingForRegistry) {
                            LOG.warn("Schema registry unavailable at {}-0@{} ({}); retrying every {}, serving {} "
                                    + "configuration version {}", TOPIC, position, unavailable.getMessage(), RETRY,
                                    source, current().version());
                            waitingForRegistry = true;
                        }
                        sleep(RETRY);
                    } else if (waitingForRegistry) {
                        LOG.info("Schema registry reachable again; reading {} from offset {}", TOPIC, position);
                        waitingForRegistry = false;
                    }
                } catch (TimeoutException e) {
                    LOG.debug("Kafka not reachable yet ({}); serving {} configuration", e.getMessage(), source);
                } catch (WakeupException | InterruptException e) {
                    break;
                } catch (RuntimeException e) {
                    // never give up on the feed: log, back off, carry on serving the current snapshot
                    LOG.warn("Configuration feed error ({}); retrying in {}", e.toString(), RETRY);
                    sleep(RETRY);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Configuration feed stopped; serving the last configuration", e);
        } finally {
            if (deadLetterProducer != null) {
                deadLetterProducer.close(Duration.ofSeconds(2));
            }
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private boolean provision() {
        Map<String, Object> admin = new HashMap<>(adminConfig);
        admin.put("default.api.timeout.ms", 5_000);
        admin.put("request.timeout.ms", 5_000);
        try (org.apache.kafka.clients.admin.Admin client = org.apache.kafka.clients.admin.Admin.create(admin);
             TopicProvisioner provisioner = new TopicProvisioner(client, Optional.empty(), Duration.ofSeconds(5))) {
            provisioner.provision(Topics.all(eventPartitions));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Topic provisioning failed ({}); serving continues, retrying later", e.getMessage());
            return false;
        }
    }

    private boolean handle(ConsumerRecord<byte[], byte[]> record, AvroDeserializer<ExperimentSnapshot> deserializer,
            ConfigLog log, Map<String, ExperimentSnapshot> records) {
        if (record.key() == null) {
            deadLetter(record, "record has no key");
            return false;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        ExperimentSnapshot snapshot = null;
        ConfigChange change;
        if (record.value() == null) {
            change = SnapshotConverter.tombstone(key);
        } else {
            try {
                snapshot = deserializer.deserialize(record.topic(), record.value());
                if (!key.equals(SnapshotConverter.keyOf(snapshot))) {
                    throw new InvalidSnapshotException("key " + key + " does not match the aggregate "
                            + SnapshotConverter.keyOf(snapshot));
                }
                change = SnapshotConverter.convert(key, snapshot);
            } catch (RuntimeException e) {
                if (registryUnavailable(e)) {
                    throw new RegistryUnavailableException(e);
                }
                // the record itself is bad (not Avro, unknown schema id, incompatible, invalid content)
                deadLetter(record, e.getMessage());
                return false;
            }
        }
        if (!log.apply(change)) {
            stale.increment();
            LOG.debug("Ignored stale {} sequence {} at offset {}", key, change.sequence(), record.offset());
            return false;
        }
        applied.increment();
        if (change instanceof ConfigChange.Removed) {
            records.remove(key);
        } else {
            records.put(key, snapshot);
        }
        return true;
    }

    /**
     * Whether decoding failed because the registry could not be asked (unreachable, 5xx, credentials refused), as
     * opposed to a bad record (not the wire format, a schema id the registry does not know, a corrupt body): the
     * former must never dead-letter configuration, or an outage of the registry would silently drop it.
     */
    static boolean registryUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return !registry.isNotFound();
            }
        }
        return false;
    }

    /** Decoding a record needs the registry, which did not answer: the record is read again later. */
    private static final class RegistryUnavailableException extends RuntimeException {
        RegistryUnavailableException(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private void publish(ConfigLog log, Map<String, ExperimentSnapshot> records) {
        CompiledConfig compiled = log.compile();
        Set<String> before = new HashSet<>(current.get().warnings());
        compiled.warnings().stream().filter(w -> !before.contains(w)) // each once, not again with every change
                .forEach(w -> LOG.warn("Configuration {}: {}", compiled.version(), w));
        current.set(compiled);
        if (source != Source.KAFKA) {
            source = Source.KAFKA;
            servingSince = clock.instant();
        }
        List<ExperimentSnapshot> ordered = new ArrayList<>(records.values());
        ordered.sort(Comparator.comparingLong(ExperimentSnapshot::getSequence));
        try {
            snapshotFile.write(ordered, log.lastSequence());
        } catch (Exception e) {
            LOG.error("Cannot write the configuration snapshot {}", snapshotFile.path(), e);
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        deadLettered.increment();
        LOG.error("Dead-lettering {}-{}@{} key {}: {}", record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8), reason);
        try {
            if (deadLetterProducer == null) {
                Map<String, Object> config = new HashMap<>(producerConfig);
                config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
                config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
                config.put(ProducerConfig.CLIENT_ID_CONFIG, "assignment-config-dlt");
                deadLetterProducer = new KafkaProducer<>(config);
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add("ep.dlt.reason", utf8(reason == null ? "unknown" : reason));
            headers.add("ep.dlt.consumer", utf8("assignment-service"));
            headers.add("ep.dlt.source.topic", utf8(record.topic()));
            headers.add("ep.dlt.source.partition", utf8(Integer.toString(record.partition())));
            headers.add("ep.dlt.source.offset", utf8(Long.toString(record.offset())));
            record.headers().forEach(h -> headers.add("ep.dlt.original." + h.key(), h.value()));
            deadLetterProducer.send(new ProducerRecord<>(Topics.DLT_ASSIGNMENT_CONFIG.name(), null, record.key(),
                    record.value(), headers), (metadata, e) -> {
                        if (e != null) {
                            LOG.error("Could not dead-letter {}-{}@{}: {}", record.topic(), record.partition(),
                                    record.offset(), e.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.error("Could not dead-letter {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
