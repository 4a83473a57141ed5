package dev.ep.reporting.stream;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for the topology's own records (repartition topics and state stores): they never leave the application, so
 * they need no registry; records written by the same version are read back by it, and unknown fields are ignored
 * so that a rolling upgrade that adds a field reads the old state.
 */
final class JsonSerde<T> implements Serde<T> {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Class<T> type;

    JsonSerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : MAPPER.writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return MAPPER.readValue(bytes, type);
            } catch (JacksonException e) {
                throw new SerializationException("Unreadable " + type.getSimpleName() + " on " + topic, e);
            }
        };
    }
}
