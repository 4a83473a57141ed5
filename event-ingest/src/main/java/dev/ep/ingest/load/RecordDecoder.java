package dev.ep.ingest.load;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.IngestProperties;
import dev.ep.ingest.event.EventMapper;
import dev.ep.ingest.event.InvalidEventException;
import dev.ep.schemas.failure.DeadLetterReason;
import dev.ep.schemas.failure.FailureKind;
import dev.ep.schemas.serde.AvroDeserializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes one record's value bytes per record (the consumer reads raw bytes), so a poison record is caught alone and
 * never fails a poll. Failures are classified by the platform's one contract ({@link FailureKind}): a registry that
 * is unreachable, answers 5xx, 408 or 429, or refuses the credentials (401, 403) is not the record's fault: the batch
 * is retried, never dead-lettered.
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
            FailureKind kind = FailureKind.classify(e);
            if (kind.waits()) {
                throw registryFailure(kind, e);
            }
            return new DecodeOutcome.Poison(DeadLetterReason.DECODE, e);
        }
        try {
            return new DecodeOutcome.Row(EventMapper.toRow(value));
        } catch (InvalidEventException e) {
            return new DecodeOutcome.Poison(DeadLetterReason.VALIDATION, e);
        }
    }

    /** The transient failure for a decode failure that {@link FailureKind#waits()}. */
    static TransientFailure registryFailure(FailureKind kind, RuntimeException e) {
        return kind == FailureKind.NEEDS_OPERATOR
                ? new TransientFailure(TransientFailure.Cause.REGISTRY_CONFIGURATION,
                        "Schema registry refused the request (check EP_SCHEMA_REGISTRY_URL and "
                                + "EP_SCHEMA_REGISTRY_USER_INFO): " + e.getMessage(), e)
                : new TransientFailure(TransientFailure.Cause.REGISTRY,
                        "Schema registry unavailable: " + e.getMessage(), e);
    }

    void close() {
        byTopic.values().forEach(AvroDeserializer::close);
    }
}
