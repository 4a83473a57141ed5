package dev.ep.assignment.it;

import dev.ep.schemas.serde.AvroDeserializer;
import dev.ep.testsupport.TopicReader;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.StringDeserializer;

/** test-support's {@link TopicReader} on an Avro topic keyed by session id, decoded through the registry serde. */
final class AvroTopics {

    private AvroTopics() {
    }

    static <V extends SpecificRecordBase> TopicReader<String, V> reader(String bootstrapServers, String registryUrl,
            String topic) {
        AvroDeserializer<V> values = new AvroDeserializer<>();
        values.configure(Map.of("schema.registry.url", registryUrl, "specific.avro.reader", true), false);
        return TopicReader.of(bootstrapServers, topic, new StringDeserializer(), values);
    }
}
