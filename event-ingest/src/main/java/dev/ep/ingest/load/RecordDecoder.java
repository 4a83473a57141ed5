package dev.ep.ingest.load;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.IngestProperties;
import dev.ep.ingest.event.EventMapper;
import dev.ep.ingest.event.InvalidEventException;
import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.registry.SchemaRegistryUnavailableException;
import dev.ep.schemas.serde.AvroDeserializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes one record's value bytes per record (the consumer reads raw bytes), so a poison record is caught alone and
 * never fails a poll. A registry that is unreachable or answers 5xx is not the record's fault: that is a transient
 * failure and the batch is retried, never dead-lettered.
 */
final class RecordDecoder {

    private final Map<String, AvroDeserializer<?>> byTopic = new HashMap<>();

    RecordDecoder(IngestProperties.TopicNames topics, Map<String, Object> serdeConfig) {
        byTopic.put(topics.assignments(), deserializer(AssignmentDecision.class, serdeConfig));
        byTopic.put(topics.coverage(), deserializer(CoverageEvent.class, serdeConfig));
        byTopic.put(topics.events(), deserializer(TrackingEvent.class, serdeConfig));
    }

    private static <T extends IndexedRecord> AvroDeserializer<T> deserializer(
            Class<T> type, Map<String, Object> config) {
        AvroDeserializer<T> deserializer = new AvroDeserializer<>(type);
        deserializer.configure(config, false);
        return deserializer;
    }

    DecodeOutcome decode(ConsumerRecord<byte[], byte[]> record) throws TransientFailure {
        AvroDeserializer<?> deserializer = byTopic.get(record.topic());
        if (deserializer == null) {
            return new DecodeOutcome.Poison(DeadLetterReason.DECODE,
                    new IllegalStateException("No decoder for topic " + record.topic()));
        }
        Object value;
        try {
            value = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (registryUnavailable(e)) {
                throw new TransientFailure(TransientFailure.Cause.REGISTRY,
                        "Schema registry unavailable: " + e.getMessage(), e);
            }
            return new DecodeOutcome.Poison(DeadLetterReason.DECODE, e);
        }
        try {
            return new DecodeOutcome.Row(EventMapper.toRow(value));
        } catch (InvalidEventException e) {
            return new DecodeOutcome.Poison(DeadLetterReason.VALIDATION, e);
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

    void close() {
        byTopic.values().forEach(AvroDeserializer::close);
    }
}
