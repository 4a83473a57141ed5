package dev.ep.assignment.snapshot;

import dev.ep.assignment.core.CompiledConfig;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.ConfigLineage;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.Topics;
import dev.ep.schemas.failure.DeadLetterWriter;
import dev.ep.schemas.failure.FailureKind;
import dev.ep.schemas.serde.AvroDeserializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served configuration: reads {@code ep.config.experiments} from the beginning (partition assigned, no
 * consumer group, nothing committed: the compacted topic is the state), hands each record to the {@link ConfigApplier}
 * in offset order, and swaps an immutable {@link CompiledConfig} atomically once caught up to the end offset seen at
 * start, then after every batch. Each applied state is also written to a local {@link SnapshotFile}, which is served
 * at start until the feed catches up, so a restart while Kafka is unreachable still serves the last known
 * configuration.
 *
 * <p>Failures follow the platform's one contract ({@link FailureKind}): a bad record is dead-lettered once (the feed
 * waits for the dead letter to be acknowledged, and retries it if it could not be written) and skipped; a record that
 * cannot be decoded because of the registry (unreachable, 5xx, 408, 429; or 401/403, logged at ERROR) is not bad: the
 * feed stays on it, reading it again every two seconds, and skips nothing. One daemon thread owns the consumer; every
 * collaborator is injected ({@link #create} wires the Kafka ones).
 */
public final class ConfigFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFeed.class);
    static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);
    /** The dead-letter header {@code ep.dlt.consumer} of this feed. */
    static final String CONSUMER_NAME = "assignment-config-feed";

    /** Where the served configuration came from. */
    public enum Source {
        NONE, DISK, KAFKA
    }

    /** Why the feed stays on a record instead of reading on. */
    public enum WaitCause {
        /** The registry did not answer, or answered 5xx, 408, 429 ({@link FailureKind#TRANSIENT}). */
        REGISTRY_UNAVAILABLE,
        /** The registry refused the request: 401/403 or another 4xx ({@link FailureKind#NEEDS_OPERATOR}). */
        REGISTRY_REFUSED,
        /** A bad record's dead letter could not be written. */
        DEAD_LETTER_TOPIC
    }

    /** The feed stays on a record instead of reading on: why, the failure, since when. */
    public record Waiting(WaitCause cause, String message, Instant since) {
    }

    /** config-service's sequence went back under a new epoch (its database restored from a backup), and when. */
    public record SequenceReset(long epoch, long fromSequence, long toSequence, String key, long offset, Instant at) {
    }

    /** What the health endpoint reports. */
    public record State(Source source, boolean caughtUp, long version, int experiments, Optional<Instant> servingSince,
            long endOffsetAtStart, long position, int warnings, Optional<Waiting> waiting, long epoch,
            Optional<SequenceReset> lastReset) {
    }

    /** Waits between retries; a test passes one that records the pauses instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final String topic;
    private final TopicPartition partition;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final ConfigApplier applier;
    private final DeadLetterWriter deadLetters;
    private final SnapshotFile snapshotFile;
    private final BooleanSupplier provisioner;
    private final Sleeper sleeper;
    private final Clock clock;
    private final List<AutoCloseable> resources;
    private final AtomicReference<CompiledConfig> current = new AtomicReference<>(CompiledConfig.EMPTY);
    private final List<java.util.function.Consumer<CompiledConfig>> beforeServing = new CopyOnWriteArrayList<>();
    private final Counter applied;
    private final Counter stale;
    private final Counter deadLettered;
    private final Counter resets;
    private final Thread thread;

    private volatile boolean running = true;
    private volatile Source source = Source.NONE;
    private volatile boolean caughtUp;
    private volatile Instant servingSince;
    private volatile long endOffsetAtStart = -1;
    private volatile long position = -1;
    private volatile Waiting waiting;
    private volatile long epoch;
    private volatile SequenceReset lastReset;
    private Consumer<byte[], byte[]> consumer;
    private boolean provisioned;
    private Instant nextProvisioning = Instant.MIN;

    ConfigFeed(String topic, Supplier<Consumer<byte[], byte[]>> consumers, ConfigApplier applier,
            DeadLetterWriter deadLetters, SnapshotFile snapshotFile, BooleanSupplier provisioner, Sleeper sleeper,
            Clock clock, MeterRegistry meters, List<AutoCloseable> resources) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.consumers = consumers;
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.snapshotFile = snapshotFile;
        this.provisioner = provisioner;
        this.sleeper = sleeper;
        this.clock = clock;
        this.resources = List.copyOf(resources);
        this.applied = Counter.builder("ep.config.records").tag("outcome", "applied")
                .description("Configuration records applied").register(meters);
        this.stale = Counter.builder("ep.config.records").tag("outcome", "stale")
                .description("Configuration records ignored: sequence not above the last applied").register(meters);
        this.deadLettered = Counter.builder("ep.config.records").tag("outcome", "dead_lettered")
                .description("Configuration records sent to the dead-letter topic").register(meters);
        this.resets = Counter.builder("ep.config.sequence.resets")
                .description("New config-service epochs whose sequence went back (database restored from a backup)")
                .register(meters);
        Gauge.builder("ep.config.epoch", this, f -> f.epoch)
                .description("config-service epoch of the configuration served").register(meters);
        Gauge.builder("ep.config.version", this, f -> f.current().version())
                .description("Highest configuration sequence served").register(meters);
        Gauge.builder("ep.config.waiting", this, f -> f.waiting == null ? 0 : 1)
                .description("1 while the feed waits on a record it cannot decode because of the schema registry")
                .register(meters);
        loadSnapshotFile();
        this.thread = new Thread(this::run, "config-feed");
        this.thread.setDaemon(true);
    }

    /**
     * The feed as the service runs it: a {@link KafkaConsumer} and the registry serde from {@code consumerConfig}, a
     * dead-letter producer from {@code producerConfig}, topic provisioning (retried) with {@code adminConfig}.
     *
     * @param eventPartitions partitions of the event topics when the provisioner creates them
     */
    public static ConfigFeed create(Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
            Map<String, Object> adminConfig, int eventPartitions, Path snapshotPath, Clock clock,
            MeterRegistry meters) {
        return create(Topics.CONFIG_EXPERIMENTS.name(), consumerConfig, producerConfig, adminConfig, eventPartitions,
                snapshotPath, clock, meters);
    }

    /** {@link #create(Map, Map, Map, int, Path, Clock, MeterRegistry)} reading another topic (tests). */
    public static ConfigFeed create(String topic, Map<String, Object> consumerConfig,
            Map<String, Object> producerConfig, Map<String, Object> adminConfig, int eventPartitions,
            Path snapshotPath, Clock clock, MeterRegistry meters) {
        Map<String, Object> consumerProps = new HashMap<>(consumerConfig);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "assignment-config-feed");
        consumerProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
        Map<String, Object> serdeConfig = new HashMap<>(consumerConfig);
        serdeConfig.put("specific.avro.reader", true);
        AvroDeserializer<ExperimentSnapshot> deserializer = new AvroDeserializer<>();
        deserializer.configure(serdeConfig, false);
        Map<String, Object> producerProps = new HashMap<>(producerConfig);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, "assignment-config-dlt");
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProps);
        return new ConfigFeed(topic, () -> new KafkaConsumer<>(consumerProps),
                new ConfigApplier(bytes -> deserializer.deserialize(topic, bytes)),
                new DeadLetterWriter(producer, Topics.DLT_ASSIGNMENT_CONFIG.name(), CONSUMER_NAME, clock),
                new SnapshotFile(snapshotPath), () -> provision(adminConfig, eventPartitions),
                duration -> Thread.sleep(duration.toMillis()), clock, meters,
                List.of(deserializer, () -> producer.close(Duration.ofSeconds(2))));
    }

    public void start() {
        thread.start();
    }

    /**
     * Registers a step run on the feed thread with each new snapshot before it is served (a table the request path
     * needs per snapshot is built there, not by a request). A step that throws is logged, and the snapshot is served
     * all the same.
     */
    public void beforeServing(java.util.function.Consumer<CompiledConfig> step) {
        beforeServing.add(step);
    }

    private void serve(CompiledConfig next) {
        for (java.util.function.Consumer<CompiledConfig> step : beforeServing) {
            try {
                step.accept(next);
            } catch (RuntimeException e) {
                LOG.error("A step before serving configuration version {} failed; serving it all the same",
                        next.version(), e);
            }
        }
        current.set(next);
    }

    /** The configuration to serve now; never {@code null}. */
    public CompiledConfig current() {
        return current.get();
    }

    public State state() {
        CompiledConfig config = current.get();
        return new State(source, caughtUp, config.version(), config.experiments().size(),
                Optional.ofNullable(servingSince), endOffsetAtStart, position, config.warnings().size(),
                Optional.ofNullable(waiting), epoch, Optional.ofNullable(lastReset));
    }

    private void loadSnapshotFile() {
        try {
            Optional<SnapshotFile.Contents> contents = snapshotFile.read();
            if (contents.isEmpty()) {
                return;
            }
            // a throw-away applier: the Kafka log is read from the beginning into the feed's own
            ConfigApplier stored = new ConfigApplier(bytes -> {
                throw new IllegalStateException("not decoding");
            });
            stored.restore(contents.get().records(), contents.get().lastSequence());
            serve(stored.compile());
            source = Source.DISK;
            servingSince = clock.instant();
            LOG.info("Serving configuration version {} ({} records) from {} until the feed catches up",
                    stored.lastSequence(), contents.get().records().size(), snapshotFile.path());
        } catch (Exception e) {
            LOG.error("Cannot read the configuration snapshot {}; starting without it", snapshotFile.path(), e);
        }
    }

    private void run() {
        try {
            while (running) {
                try {
                    step();
                } catch (TimeoutException e) {
                    LOG.debug("Kafka not reachable yet ({}); serving {} configuration", e.getMessage(), source);
                } catch (WakeupException | InterruptException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    // never give up on the feed: log, back off, carry on serving the current snapshot
                    LOG.warn("Configuration feed error ({}); retrying in {}", e.toString(), RETRY);
                    try {
                        sleeper.sleep(RETRY);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("Configuration feed stopped; serving the last configuration", e);
        } finally {
            closeResources();
        }
    }

    /**
     * One round: provision the topics if not yet done, poll once, hand each record to the applier, and act on its
     * outcome; waits {@link #RETRY} (through the sleeper) when it has to stay on a record.
     */
    void step() throws InterruptedException {
        if (consumer == null) {
            consumer = consumers.get();
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }
        if (!provisioned && clock.instant().isAfter(nextProvisioning)) {
            provisioned = provisioner.getAsBoolean();
            nextProvisioning = clock.instant().plus(RETRY.multipliedBy(5));
        }
        if (endOffsetAtStart < 0) {
            endOffsetAtStart = consumer.endOffsets(List.of(partition), RETRY).get(partition);
            LOG.info("Catching up on {} to offset {}", topic, endOffsetAtStart);
        }
        boolean changed = false;
        Waiting stuck = null;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
            ConfigApplier.Outcome outcome = applier.apply(record.key(), record.value(),
                    ConfigLineage.epochOf(record.headers()));
            if (outcome instanceof ConfigApplier.Outcome.Applied) {
                applied.increment();
                changed = true;
            } else if (outcome instanceof ConfigApplier.Outcome.NewEpoch reset) {
                applied.increment();
                changed = true;
                sequenceWentBack(reset, record.offset());
            } else if (outcome instanceof ConfigApplier.Outcome.Stale s) {
                stale.increment();
                LOG.debug("Ignored stale {} sequence {} at offset {}", s.change().key(), s.change().sequence(),
                        record.offset());
            } else if (outcome instanceof ConfigApplier.Outcome.Poison poison) {
                stuck = deadLetter(record, poison);
            } else if (outcome instanceof ConfigApplier.Outcome.Wait wait) {
                stuck = new Waiting(wait.kind() == FailureKind.NEEDS_OPERATOR ? WaitCause.REGISTRY_REFUSED
                        : WaitCause.REGISTRY_UNAVAILABLE, wait.cause().getMessage(), clock.instant());
            }
            if (stuck != null) {
                // not the record's fault: read it again after the pause, skip nothing
                consumer.seek(partition, record.offset());
                break;
            }
        }
        position = consumer.position(partition, RETRY);
        if (!caughtUp && position >= endOffsetAtStart) {
            caughtUp = true;
            changed = true;
            LOG.info("Caught up on {} at offset {}: configuration version {}", topic, position,
                    applier.lastSequence());
        }
        if (caughtUp && changed) {
            publish();
        }
        if (stuck != null) {
            startWaiting(stuck);
            sleeper.sleep(RETRY);
        } else if (waiting != null) {
            LOG.info("Configuration feed moving again after waiting since {} ({}); reading {} from offset {}",
                    waiting.since(), waiting.cause(), topic, position);
            waiting = null;
        }
    }

    /** Logged once per epoch (ERROR), counted, and shown in health until the next one. */
    private void sequenceWentBack(ConfigApplier.Outcome.NewEpoch reset, long offset) {
        resets.increment();
        lastReset = new SequenceReset(reset.epoch(), reset.previousSequence(), reset.change().sequence(),
                reset.change().key(), offset, clock.instant());
        LOG.error("config-service's sequence went back from {} to {} under its new epoch {} ({} at {}-0@{}): its "
                + "database was restored from a backup or otherwise went back. Recovering: records of epoch {} are "
                + "applied from this sequence on, older epochs are ignored, every other aggregate keeps its "
                + "state (unchanged experiments keep their assignments). Changes made after the backup and lost "
                + "with it are undone as config-service republishes its state", reset.previousSequence(),
                reset.change().sequence(), reset.epoch(), reset.change().key(), topic, offset, reset.epoch());
    }

    private void startWaiting(Waiting stuck) {
        if (waiting != null && waiting.cause() == stuck.cause()) {
            return; // logged once per wait
        }
        waiting = stuck;
        if (stuck.cause() == WaitCause.REGISTRY_REFUSED) {
            LOG.error("Schema registry refuses the configuration feed at {}-0@{} ({}): fix EP_SCHEMA_REGISTRY_URL / "
                    + "EP_SCHEMA_REGISTRY_USER_INFO; retrying every {}, serving {} configuration version {}", topic,
                    position, stuck.message(), RETRY, source, current().version());
        } else {
            LOG.warn("Configuration feed waiting at {}-0@{}: {} ({}); retrying every {}, serving {} configuration "
                    + "version {}", topic, position, stuck.cause(), stuck.message(), RETRY, source,
                    current().version());
        }
    }

    /** Dead-letters the record and waits for the acknowledgement; what to wait for when it could not be written. */
    private Waiting deadLetter(ConsumerRecord<byte[], byte[]> record, ConfigApplier.Outcome.Poison poison) {
        LOG.error("Dead-lettering {}-{}@{} key {} ({}): {}", record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                poison.reason().code(), poison.cause().getMessage());
        try {
            deadLetters.send(record, poison.reason(), poison.cause())
                    .get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            deadLettered.increment();
            return null;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Waiting(WaitCause.DEAD_LETTER_TOPIC, "could not write to " + deadLetters.topic() + ": "
                    + e, clock.instant());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private void publish() {
        CompiledConfig compiled = applier.compile();
        Set<String> before = new HashSet<>(current.get().warnings());
        compiled.warnings().stream().filter(w -> !before.contains(w)) // each once, not again with every change
                .forEach(w -> LOG.warn("Configuration {}: {}", compiled.version(), w));
        serve(compiled);
        epoch = applier.epoch();
        if (source != Source.KAFKA) {
            source = Source.KAFKA;
            servingSince = clock.instant();
        }
        try {
            snapshotFile.write(applier.records(), applier.lastSequence());
        } catch (Exception e) {
            LOG.error("Cannot write the configuration snapshot {}", snapshotFile.path(), e);
        }
    }

    private static boolean provision(Map<String, Object> adminConfig, int eventPartitions) {
        Map<String, Object> admin = new HashMap<>(adminConfig);
        admin.put("default.api.timeout.ms", 5_000);
        admin.put("request.timeout.ms", 5_000);
        try (Admin client = Admin.create(admin);
             TopicProvisioner provisioner = new TopicProvisioner(client, Optional.empty(), Duration.ofSeconds(5))) {
            provisioner.provision(Topics.all(eventPartitions));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Topic provisioning failed ({}); serving continues, retrying later", e.getMessage());
            return false;
        }
    }

    private void closeResources() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the config consumer: {}", e.toString());
            }
            consumer = null;
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.debug("Closing {}: {}", resource, e.toString());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread.isAlive()) {
            thread.join(10_000);
        } else if (thread.getState() == Thread.State.NEW) {
            closeResources();
        }
    }
}
