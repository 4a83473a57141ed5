package dev.ep.ingest.load;

import dev.ep.ingest.IngestProperties;
import dev.ep.ingest.store.EventStore;
import dev.ep.ingest.store.PartitionMaintenance;
import dev.ep.ingest.store.SchemaMigration;
import dev.ep.schemas.Topic;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.TopicRetention;
import dev.ep.schemas.failure.DeadLetterWriter;
import dev.ep.schemas.Topics;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the consumer threads once the application is up (after topics are provisioned, the schema is migrated and
 * today's partitions exist) and stops them first on shutdown, before the pool and the producer close. PostgreSQL
 * unreachable at start does not fail start-up: a starter thread waits for the schema migration
 * ({@link SchemaMigration}) and the partitions, with back-off, and then starts the consumers; meanwhile health shows
 * {@code loader: start: waiting for PostgreSQL since …}.
 */
final class IngestLoader implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(IngestLoader.class);

    private final IngestProperties properties;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> adminConfig;
    private final int eventPartitions;
    private final TopicRetention retention;
    private final EventStore store;
    private final PartitionMaintenance maintenance;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final List<IngestLoop> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final SchemaMigration schema;
    private Producer<byte[], byte[]> producer;
    private volatile boolean running;
    private volatile boolean stopping;
    private Thread starter;
    private volatile Instant waitingSince;
    private volatile String waitingFor;

    IngestLoader(IngestProperties properties, Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
                 Map<String, Object> adminConfig, int eventPartitions, TopicRetention retention, EventStore store,
                 PartitionMaintenance maintenance, SchemaMigration schema, IngestMetrics metrics, Clock clock) {
        this.schema = schema;
        this.properties = properties;
        this.consumerConfig = consumerConfig;
        this.producerConfig = producerConfig;
        this.adminConfig = adminConfig;
        this.eventPartitions = eventPartitions;
        this.retention = retention;
        this.store = store;
        this.maintenance = maintenance;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (running || !properties.enabled()) {
            return;
        }
        if (properties.provisionTopics()) {
            provision(properties.topics());
        }
        running = true;
        stopping = false;
        if (schema.isMigrated() && partitionsCreated()) {
            startLoops();
            return;
        }
        // PostgreSQL is away: start anyway, and begin consuming once it answers (no crash loop).
        starter = new Thread(this::startWhenPostgresAnswers, "ingest-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** The start-up partitions; false (logged, shown in health) when PostgreSQL does not answer. */
    private boolean partitionsCreated() {
        try {
            maintenance.runOnce();
            waitingSince = null;
            return true;
        } catch (SQLException | RuntimeException e) {
            if (waitingSince == null) {
                waitingSince = clock.instant();
                LOG.warn("Could not create the partitions at start, waiting for PostgreSQL: {}", e.toString());
            }
            waitingFor = "partitions: " + e.getMessage();
            return false;
        }
    }

    private void startWhenPostgresAnswers() {
        Backoff backoff = new Backoff(properties.backoff().initial(), properties.backoff().max());
        try {
            while (!stopping && !schema.awaitMigrated(Duration.ofMillis(500))) {
                // waiting: the schema migration retries on its own thread
            }
            while (!stopping && !partitionsCreated()) {
                Thread.sleep(backoff.next().toMillis());
            }
        } catch (InterruptedException e) {
            return;
        }
        startLoops();
    }

    /** While the loader has not started its consumers because PostgreSQL has not answered since start. */
    Optional<String> waitingForPostgres() {
        if (!running || !loops.isEmpty()) {
            return Optional.empty();
        }
        Optional<SchemaMigration.Waiting> migration = schema.waiting();
        if (migration.isPresent()) {
            return Optional.of("waiting for PostgreSQL since " + migration.get().since() + " ("
                    + migration.get().attempts() + " attempts): " + migration.get().lastError());
        }
        Instant since = waitingSince;
        return since == null ? Optional.of("starting")
                : Optional.of("waiting for PostgreSQL since " + since + ": " + waitingFor);
    }

    private synchronized void startLoops() {
        if (stopping || !loops.isEmpty()) {
            return;
        }
        IngestProperties.TopicNames names = properties.topics();
        Map<String, Object> producerProps = new HashMap<>(producerConfig);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // A missing or unreachable dead-letter topic blocks send() this long; the batch is then retried with
        // back-off, so waiting the client's default minute would only hold the consumer.
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(producerProps);
        String group = String.valueOf(consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG));
        DeadLetterWriter deadLetters = new DeadLetterWriter(producer, names.deadLetter(), group, clock);
        Map<String, Object> consumerProps = new HashMap<>(consumerConfig);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        List<String> topics = List.of(names.assignments(), names.coverage(), names.events());
        for (int i = 0; i < properties.consumers(); i++) {
            IngestLoop loop = new IngestLoop("ingest-" + i, () -> new KafkaConsumer<>(consumerProps), topics,
                    new RecordDecoder(names, consumerConfig), deadLetters, store, metrics,
                    new Backoff(properties.backoff().initial(), properties.backoff().max()),
                    properties.pollTimeout(), clock);
            Thread thread = new Thread(loop, "ingest-" + i);
            loops.add(loop);
            threads.add(thread);
            thread.start();
        }
        LOG.info("Loading {} into PostgreSQL ({} consumer(s), group {}, write method {})", topics,
                properties.consumers(), group, store.method());
    }

    private void provision(IngestProperties.TopicNames names) {
        List<Topic<?, ?>> topics = List.of(
                Topics.ASSIGNMENTS.withName(names.assignments()).withPartitions(eventPartitions),
                Topics.COVERAGE.withName(names.coverage()).withPartitions(eventPartitions),
                Topics.EVENTS.withName(names.events()).withPartitions(eventPartitions),
                Topics.DLT_EVENT_INGEST.withName(names.deadLetter()).withPartitions(eventPartitions));
        try (TopicProvisioner provisioner = TopicProvisioner.create(adminConfig, retention)) {
            provisioner.provision(topics);
        }
    }

    @Override
    public void stop() {
        Thread waitingStarter;
        synchronized (this) {
            if (!running) {
                return;
            }
            stopping = true;
            waitingStarter = starter;
        }
        if (waitingStarter != null) {
            waitingStarter.interrupt();
            try {
                waitingStarter.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopLoops();
    }

    private synchronized void stopLoops() {
        loops.forEach(IngestLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        starter = null;
        loops.clear();
        threads.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    List<IngestLoop> loops() {
        return List.copyOf(loops);
    }
}
