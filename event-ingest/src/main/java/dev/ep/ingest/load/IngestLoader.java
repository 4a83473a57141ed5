package dev.ep.ingest.load;

import dev.ep.ingest.IngestProperties;
import dev.ep.ingest.store.EventStore;
import dev.ep.ingest.store.PartitionMaintenance;
import dev.ep.schemas.Topic;
import dev.ep.schemas.TopicProvisioner;
import dev.ep.schemas.TopicRetention;
import dev.ep.schemas.Topics;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Starts the consumer threads once the application is up (after topics are provisioned and today's partitions
 * exist) and stops them first on shutdown, before the pool and the producer close.
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
    private final List<IngestLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Producer<byte[], byte[]> producer;
    private volatile boolean running;

    IngestLoader(IngestProperties properties, Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
                 Map<String, Object> adminConfig, int eventPartitions, TopicRetention retention, EventStore store,
                 PartitionMaintenance maintenance, IngestMetrics metrics, Clock clock) {
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
        IngestProperties.TopicNames names = properties.topics();
        if (properties.provisionTopics()) {
            provision(names);
        }
        try {
            maintenance.runOnce();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the partitions at start: " + e.getMessage(), e);
        }
        Map<String, Object> producerProps = new HashMap<>(producerConfig);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // A missing or unreachable dead-letter topic blocks send() this long; the batch is then retried with
        // back-off, so waiting the client's default minute would only hold the consumer.
        producerProps.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(producerProps);
        String group = String.valueOf(consumerConfig.get(ConsumerConfig.GROUP_ID_CONFIG));
        DeadLetters deadLetters = new DeadLetters(producer, names.deadLetter(), group);
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
        running = true;
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
    public synchronized void stop() {
        if (!running) {
            return;
        }
        loops.forEach(IngestLoop::stop);
        for (Thread thread : threads) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(java.time.Duration.ofSeconds(5));
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
