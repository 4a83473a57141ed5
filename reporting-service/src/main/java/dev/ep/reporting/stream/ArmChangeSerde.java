package dev.ep.reporting.stream;

import dev.ep.reporting.attribution.ArmChange;
import dev.ep.reporting.attribution.ArmDelta;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code arms} repartition topic's values: {@link ArmChange} as JSON. A record of the versions before the
 * combiner (one {@link ArmDelta}, recognised by its {@code configVersion} field) still in the topic at an upgrade
 * is read as the change of that one delta, so none is lost.
 */
final class ArmChangeSerde implements Serde<ArmChange> {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final JsonSerde<ArmChange> json = new JsonSerde<>(ArmChange.class);

    @Override
    public Serializer<ArmChange> serializer() {
        return json.serializer();
    }

    @Override
    public Deserializer<ArmChange> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                JsonNode tree = MAPPER.readTree(bytes);
                return tree.has("configVersion") ? ArmChange.of(MAPPER.treeToValue(tree, ArmDelta.class))
                        : MAPPER.treeToValue(tree, ArmChange.class);
            } catch (JacksonException | IllegalArgumentException e) {
                throw new SerializationException("Unreadable arm change on " + topic, e);
            }
        };
    }
}
