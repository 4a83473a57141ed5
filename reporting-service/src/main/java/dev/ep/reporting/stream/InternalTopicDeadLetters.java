package dev.ep.reporting.stream;

import dev.ep.schemas.failure.DeadLetterHeaders;
import dev.ep.schemas.failure.DeadLetterReason;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization handler of the stream and global threads: a record that the topology's serdes
 * cannot read (only the internal {@code user-units}, {@code session-arms} and {@code user-arms} repartition topics have
 * typed serdes; the inputs are
 * read as bytes and decoded inside the topology, which routes their poison itself) goes to the dead-letter topic
 * with the platform's dead-letter headers, synchronously, and processing continues past it. When the dead letter
 * cannot be written, processing fails (the thread is replaced and retries the record from the last commit), so no
 * record is ever skipped silently.
 *
 * <p>Kafka Streams 4.1 creates the handler itself; the sink reaches it as the object value of
 * {@link #SINK_CONFIG} in the streams configuration ({@link StreamConfiguration}).
 */
public final class InternalTopicDeadLetters implements DeserializationExceptionHandler {

    /** Streams configuration key whose value is the {@link DeadLetterSink} instance. */
    static final String SINK_CONFIG = "ep.reporting.dead-letter-sink";

    private static final Logger log = LoggerFactory.getLogger(InternalTopicDeadLetters.class);

    private DeadLetterSink sink;
    private String consumer;

    @Override
    public void configure(Map<String, ?> configs) {
        if (!(configs.get(SINK_CONFIG) instanceof DeadLetterSink configured)) {
            throw new ConfigException(SINK_CONFIG, configs.get(SINK_CONFIG), "the dead-letter sink is missing");
        }
        this.sink = configured;
        this.consumer = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                 Exception exception) {
        try {
            sink.send(record.key(), record.value(),
                    DeadLetterHeaders.of(record, consumer, DeadLetterReason.DECODE, exception, Instant.now()));
        } catch (KafkaException e) {
            log.error("Could not dead-letter an unreadable record of {}-{} at offset {}; failing instead of skipping it",
                    record.topic(), record.partition(), record.offset(), e);
            return DeserializationHandlerResponse.FAIL;
        }
        log.warn("Record to the dead-letter topic (decode): topic {}, partition {}, offset {}: {}",
                record.topic(), record.partition(), record.offset(), exception.getMessage());
        return DeserializationHandlerResponse.CONTINUE;
    }
}
