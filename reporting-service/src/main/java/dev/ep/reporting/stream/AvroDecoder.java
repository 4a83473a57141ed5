package dev.ep.reporting.stream;

import dev.ep.schemas.registry.SchemaRegistry;
import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.registry.SchemaRegistryUnavailableException;
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

    /** No answer at all, or a 5xx: the registry's problem, not the record's (a 404 unknown id is the record's). */
    static boolean registryUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
            if (t instanceof SchemaRegistryException r) {
                return r.httpStatus() == SchemaRegistryException.NO_STATUS || r.httpStatus() >= 500;
            }
        }
        return false;
    }
}
