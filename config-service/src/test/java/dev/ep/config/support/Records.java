package dev.ep.config.support;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.ep.schemas.serde.AvroDeserializer;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TopicReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A whole single-partition config topic read through test-support's {@link TopicReader} and the real registry. */
public final class Records {

    private Records() {
    }

    /** Waits until the topic holds at least {@code count} records and returns all of them, in offset order. */
    public static <V extends IndexedRecord> List<ConsumerRecord<String, V>> readAtLeast(String topic, int count) {
        try (TopicReader<String, V> reader = reader(topic)) {
            return reader.readAtLeast(count);
        }
    }

    /** Waits until the records read so far satisfy {@code done} and returns all of them, in offset order. */
    public static <V extends IndexedRecord> List<ConsumerRecord<String, V>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, V>>> done) {
        try (TopicReader<String, V> reader = reader(topic)) {
            return reader.readUntil(done, TopicReader.DEFAULT_TIMEOUT);
        }
    }

    private static <V extends IndexedRecord> TopicReader<String, V> reader(String topic) {
        AvroDeserializer<V> values = new AvroDeserializer<>();
        values.configure(Map.of("schema.registry.url", TestPlatform.registry().url(), "specific.avro.reader", "true"),
                false);
        return TopicReader.of(TestPlatform.kafka().bootstrapServers(), topic, new StringDeserializer(), values);
    }
}
