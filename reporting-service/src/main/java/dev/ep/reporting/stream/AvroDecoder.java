package dev.ep.reporting.stream;

import dev.ep.schemas.failure.FailureKind;

import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.serde.AvroDeserializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Decodes the Confluent wire format of one event type. A failure the record causes (framing, unknown schema id,
 * corrupt body) is a {@link Poison}; a registry that does not answer is {@link RegistryUnavailable}, thrown.
 */
final class AvroDecoder<T extends SpecificRecord> {

    /** The bytes are not a readable record of this type. */
    static final class Poison extends Exception {
        private final Exception reason;

        Poison(Exception reason) {
            super(reason.getMessage(), reason);
            this.reason = reason;
        }

        /** The deserializer's exception, for the dead-letter headers. */
        Exception reason() {
            return reason;
        }
    }

    private final AvroDeserializer<T> deserializer;

    AvroDecoder(SchemaRegistry registry, Class<T> type, Map<String, ?> serdeConfig) {
        this.deserializer = new AvroDeserializer<>(registry, type, serdeConfig, false);
    }

    T decode(String topic, Headers headers, byte[] value) throws Poison {
        try {
            return deserializer.deserialize(topic, headers, value);
        } catch (RuntimeException e) {
            if (registryUnavailable(e)) {
                throw new RegistryUnavailable("Schema registry unavailable while reading " + topic, e);
            }
            throw new Poison(e);
        }
    }

    /**
     * The shared failure contract ({@link FailureKind}): a registry that does not answer, answers 5xx/408/429, or
     * refuses this service's credentials is the registry's problem, so the record is retried, never skipped; only a
     * failure of the record itself (not the wire format, unknown schema id, corrupt body) is dead-lettered.
     */
    static boolean registryUnavailable(Throwable e) {
        return FailureKind.classify(e).waits();
    }
}
