package dev.ep.schemas.failure;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;

/**
 * Writes records a consumer gives up on ({@link FailureKind#PERMANENT} failures) to its dead-letter topic: the
 * original key and value bytes unchanged, with {@link DeadLetterHeaders}. The dead letter keeps its source partition
 * number when the dead-letter topic has that partition (dead-letter topics have as many partitions as the event
 * topics), else the producer's partitioner places it by key. Thread-safe when the producer is.
 *
 * <p>The caller owns the producer (byte-array key and value serializers) and waits for the returned future before it
 * moves past the record, so a dead letter that could not be written is retried rather than lost.
 */
public final class DeadLetterWriter {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String consumer;
    private final Clock clock;
    private volatile int partitions = -1;

    /**
     * @param topic    the dead-letter topic ({@code Topics.deadLetter(...)})
     * @param consumer written as {@link DeadLetterHeaders#CONSUMER}: the group id, or the consumer's name
     */
    public DeadLetterWriter(Producer<byte[], byte[]> producer, String topic, String consumer, Clock clock) {
        this.producer = producer;
        this.topic = topic;
        this.consumer = consumer;
        this.clock = clock;
    }

    public String topic() {
        return topic;
    }

    /**
     * Sends the dead letter of {@code record}. Never throws for a Kafka failure (topic missing, broker unreachable,
     * buffer full): that comes back as a failed future, which the caller treats as a transient failure.
     */
    public Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason,
            Throwable failure) {
        try {
            Integer partition = record.partition() < partitions() ? record.partition() : null;
            return producer.send(new ProducerRecord<>(topic, partition, null, record.key(), record.value(),
                    DeadLetterHeaders.of(record, consumer, reason, failure, clock.instant())));
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private int partitions() {
        if (partitions < 0) {
            List<PartitionInfo> info = producer.partitionsFor(topic);
            partitions = info == null ? 0 : info.size();
        }
        return partitions;
    }
}
