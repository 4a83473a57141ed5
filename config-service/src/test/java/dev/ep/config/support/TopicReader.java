package dev.ep.config.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.ep.schemas.serde.AvroDeserializer;
import dev.ep.testsupport.TestPlatform;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole single-partition topic from the beginning, decoding values through the real registry. */
public final class TopicReader {

    private TopicReader() {
    }

    /** Waits until the topic holds at least {@code count} records and returns all of them, in offset order. */
    public static <V> List<ConsumerRecord<String, V>> readAtLeast(String topic, int count) {
        return readUntil(topic, records -> records.size() >= count);
    }

    /** Waits until the records read so far satisfy {@code done} and returns all of them, in offset order. */
    @SuppressWarnings("unchecked")
    public static <V> List<ConsumerRecord<String, V>> readUntil(String topic,
            Predicate<List<ConsumerRecord<String, V>>> done) {
        List<ConsumerRecord<String, V>> out = new ArrayList<>();
        Map<String, Object> config = Map.of("bootstrap.servers", TestPlatform.kafka().bootstrapServers(),
                "schema.registry.url", TestPlatform.registry().url(), "specific.avro.reader", "true",
                "auto.offset.reset", "earliest", "enable.auto.commit", "false");
        AvroDeserializer<IndexedRecord> values = new AvroDeserializer<>();
        values.configure(config, false);
        try (KafkaConsumer<String, IndexedRecord> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                values)) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add((ConsumerRecord<String, V>) (Object) r));
                return done.test(out);
            });
            // anything beyond what was awaited (e.g. duplicates) shows up in one more poll
            consumer.poll(Duration.ofMillis(500)).forEach(r -> out.add((ConsumerRecord<String, V>) (Object) r));
        }
        return out;
    }
}
