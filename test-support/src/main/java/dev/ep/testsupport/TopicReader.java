package dev.ep.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic for a test: every partition assigned (no consumer group, nothing committed), from the
 * beginning, keeping every record read (with its headers) in partition-then-offset order of arrival. Values are
 * decoded by the deserializer the test passes (the registry serde for Avro topics; test-support itself does not depend
 * on the serde), or kept as bytes ({@link #raw}). Waits are bounded by a timeout and fail with {@link AssertionError}.
 * One thread; close it.
 */
public final class TopicReader<K, V> implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    /** How long the waiting methods wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> seen = new ArrayList<>();

    private TopicReader(String bootstrapServers, String topic, Deserializer<K> keys, Deserializer<V> values) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), keys, values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, DEFAULT_TIMEOUT).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** A reader decoding keys and values with the given, already configured deserializers (closed with the reader). */
    public static <K, V> TopicReader<K, V> of(String bootstrapServers, String topic, Deserializer<K> keys,
            Deserializer<V> values) {
        return new TopicReader<>(bootstrapServers, topic, keys, values);
    }

    /** A reader of raw key and value bytes (dead-letter topics, poison records). */
    public static TopicReader<byte[], byte[]> raw(String bootstrapServers, String topic) {
        return new TopicReader<>(bootstrapServers, topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record read so far, after one more poll. */
    public List<ConsumerRecord<K, V>> records() {
        consumer.poll(POLL).forEach(seen::add);
        return List.copyOf(seen);
    }

    /** The values of the records with this key read so far (after one more poll), in the order read. */
    public List<V> valuesOf(K key) {
        return records().stream().filter(r -> Objects.deepEquals(key, r.key())).map(ConsumerRecord::value).toList();
    }

    /** Waits (up to {@link #DEFAULT_TIMEOUT}) for the first record that matches, and returns it. */
    public ConsumerRecord<K, V> await(Predicate<ConsumerRecord<K, V>> match) {
        List<ConsumerRecord<K, V>> all = readUntil(records -> records.stream().anyMatch(match), DEFAULT_TIMEOUT);
        return all.stream().filter(match).findFirst().orElseThrow();
    }

    /** The value of {@link #await}'s record. */
    public V awaitValue(Predicate<ConsumerRecord<K, V>> match) {
        return await(match).value();
    }

    /** Waits (up to {@link #DEFAULT_TIMEOUT}) until at least {@code count} records were read; returns all read. */
    public List<ConsumerRecord<K, V>> readAtLeast(int count) {
        return readUntil(records -> records.size() >= count, DEFAULT_TIMEOUT);
    }

    /**
     * Polls until the records read so far satisfy {@code done} (then once more, so duplicates right behind show up)
     * and returns them all; fails with {@link AssertionError} after {@code timeout}.
     */
    public List<ConsumerRecord<K, V>> readUntil(Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " reading " + topic + ": "
                        + seen.size() + " records read, the condition still not met");
            }
        }
        return records();
    }

    /**
     * Polls until {@code count} records were read or {@code timeout} passed, whichever comes first, and returns what
     * was read (never fails: for "nothing arrives" checks).
     */
    public List<ConsumerRecord<K, V>> readUpTo(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records().size() < count && System.nanoTime() < deadline) {
            // polling
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
