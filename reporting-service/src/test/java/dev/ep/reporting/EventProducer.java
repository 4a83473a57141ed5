package dev.ep.reporting;

import dev.ep.schemas.serde.AvroSerializer;
import dev.ep.testsupport.TestPlatform;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events as the platform's producers do (Confluent wire format through the registry, the record's timestamp
 * the event's server time, as assignment-service stamps it), or raw bytes. The record timestamp is the stream's clock
 * (stream time, lateness, expiry), so events with fixed times (such as {@code Events.T0}) stay on time whatever day
 * the test runs.
 */
public final class EventProducer implements AutoCloseable {

    private final KafkaProducer<String, IndexedRecord> avro;
    private final KafkaProducer<byte[], byte[]> raw;

    public EventProducer() {
        Map<String, Object> config = Map.of("bootstrap.servers", TestPlatform.kafka().bootstrapServers(),
                "schema.registry.url", TestPlatform.registry().url(), "auto.register.schemas", "true",
                "acks", "all");
        AvroSerializer<IndexedRecord> serializer = new AvroSerializer<>();
        serializer.configure(config, false);
        avro = new KafkaProducer<>(config, new StringSerializer(), serializer);
        raw = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(String topic, String key, IndexedRecord value) {
        try {
            avro.send(new ProducerRecord<>(topic, null, serverTime(value), key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event's server time ({@code receivedTime}, else {@code time}) in epoch millis, or null (the producer's clock). */
    static Long serverTime(IndexedRecord value) {
        for (String name : new String[] {"receivedTime", "time"}) {
            Schema.Field field = value.getSchema().getField(name);
            if (field != null) {
                Object time = value.get(field.pos());
                if (time instanceof Instant instant) {
                    return instant.toEpochMilli();
                }
                if (time instanceof Long millis) {
                    return millis;
                }
            }
        }
        return null;
    }

    public void sendRaw(String topic, byte[] key, byte[] value) {
        try {
            raw.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        avro.close();
        raw.close();
    }
}
