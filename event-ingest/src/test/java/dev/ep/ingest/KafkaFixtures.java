package dev.ep.ingest;

import dev.ep.schemas.serde.AvroSerializer;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TopicReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers and a reader against the test broker, configured as the assignment-service would be. */
public final class KafkaFixtures {

    private KafkaFixtures() {
    }

    /** An Avro producer keyed by session id (String), writing through the project's registry. */
    public static KafkaProducer<String, SpecificRecord> avroProducer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put("schema.registry.url", TestPlatform.registry().url());
        return new KafkaProducer<>(props);
    }

    /** A producer of raw bytes (poison records). */
    public static KafkaProducer<byte[], byte[]> rawProducer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    public static void send(KafkaProducer<String, SpecificRecord> producer, String topic, String key,
                            SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The records of a topic from the beginning: until {@code expected} were read or {@code timeout} passed. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected, Duration timeout) {
        try (TopicReader<byte[], byte[]> reader = TopicReader.raw(TestPlatform.kafka().bootstrapServers(), topic)) {
            return reader.readUpTo(expected, timeout);
        }
    }
}
