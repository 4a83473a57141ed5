package dev.ep.ingest.load;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Publishes records that cannot be loaded to the dead-letter topic: the original key and value bytes and headers,
 * plus headers saying why and where from. The header names and encodings are spring-kafka's
 * ({@code DeadLetterPublishingRecoverer}), so tools that read those read these; {@code ep-dlt-reason} adds a
 * readable category. The record keeps its source partition when the dead-letter topic has it.
 */
final class DeadLetters {

    static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
    static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    static final String EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    /** 4-byte big-endian int. */
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    /** 8-byte big-endian long. */
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    /** 8-byte big-endian long (epoch millis). */
    static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    static final String ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
    static final String REASON = "ep-dlt-reason";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String group;
    private volatile int partitions = -1;

    DeadLetters(Producer<byte[], byte[]> producer, String topic, String group) {
        this.producer = producer;
        this.topic = topic;
        this.group = group;
    }

    String topic() {
        return topic;
    }

    /**
     * Sends the record; a failure to send (topic missing or unreachable) comes back as a failed future, never as an
     * exception, so the loader treats it as the dead-letter topic being unavailable and retries the batch.
     */
    Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, Exception cause) {
        try {
            return producer.send(deadLetter(record, reason, cause));
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason,
                                                      Exception cause) {
        Headers headers = new RecordHeaders();
        record.headers().forEach(headers::add);
        headers.add(REASON, utf8(reason.tag()));
        headers.add(EXCEPTION_FQCN, utf8(cause.getClass().getName()));
        if (cause.getCause() != null) {
            headers.add(EXCEPTION_CAUSE_FQCN, utf8(cause.getCause().getClass().getName()));
        }
        headers.add(EXCEPTION_MESSAGE, utf8(String.valueOf(cause.getMessage())));
        headers.add(EXCEPTION_STACKTRACE, utf8(stackTrace(cause)));
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(record.partition()).array());
        headers.add(ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(record.offset()).array());
        headers.add(ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
        headers.add(ORIGINAL_CONSUMER_GROUP, utf8(group));
        Integer partition = record.partition() < partitions() ? record.partition() : null;
        return new ProducerRecord<>(topic, partition, null, record.key(), record.value(), headers);
    }

    private int partitions() {
        if (partitions < 0) {
            List<PartitionInfo> info = producer.partitionsFor(topic);
            partitions = info == null ? 0 : info.size();
        }
        return partitions;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        return text.length() > 8_000 ? text.substring(0, 8_000) : text;
    }
}
