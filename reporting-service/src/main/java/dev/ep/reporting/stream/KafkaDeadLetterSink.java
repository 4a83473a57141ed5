package dev.ep.reporting.stream;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The global thread's dead-letter producer (idempotent; the stream threads write theirs in their transactions). */
final class KafkaDeadLetterSink implements DeadLetterSink, AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    KafkaDeadLetterSink(Map<String, Object> producerConfig, String topic) {
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void send(byte[] key, byte[] value, Headers headers) {
        try {
            producer.send(new ProducerRecord<>(topic, null, null, key, value, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while dead-lettering to " + topic, e);
        } catch (ExecutionException e) {
            throw new KafkaException("Could not dead-letter to " + topic, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
