package dev.ep.reporting.stream;

import dev.ep.events.v1.ExperimentSnapshot;
import java.time.Duration;
import java.time.Instant;

import dev.ep.schemas.failure.DeadLetterHeaders;
import dev.ep.schemas.failure.DeadLetterReason;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global thread's processor of the configuration snapshot topic: keeps the valid snapshots' bytes in the global
 * store and publishes the decoded configuration to the {@link ConfigView}. A poison record goes to the dead-letter
 * topic and leaves the previous state in place. A registry outage is waited out here, with back-off, because a
 * failure on the global thread would stop the whole instance: nothing is skipped.
 */
final class ConfigProcessor implements Processor<Bytes, byte[], Void, Void> {

    private static final Logger log = LoggerFactory.getLogger(ConfigProcessor.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String storeName;
    private final String topic;
    private final AvroDecoder<ExperimentSnapshot> decoder;
    private final ConfigView view;
    private final DeadLetterSink deadLetters;
    private final String group;
    private final ConfigTranslator translator = new ConfigTranslator();
    private KeyValueStore<Bytes, byte[]> store;

    ConfigProcessor(String storeName, String topic, AvroDecoder<ExperimentSnapshot> decoder, ConfigView view,
                    DeadLetterSink deadLetters, String group) {
        this.storeName = storeName;
        this.topic = topic;
        this.decoder = decoder;
        this.view = view;
        this.deadLetters = deadLetters;
        this.group = group;
    }

    private ProcessorContext<Void, Void> context;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                try {
                    translator.put(key(entry.key), decodeWaiting(entry.value));
                } catch (AvroDecoder.Poison e) {
                    log.warn("Restored configuration record {} is unreadable and ignored (it was dead-lettered when "
                            + "first read): {}", key(entry.key), e.getMessage());
                }
            }
        }
        view.set(translator.snapshot());
    }

    @Override
    public void process(Record<Bytes, byte[]> record) {
        String key = record.key() == null ? "" : key(record.key());
        if (record.value() == null) {
            store.delete(record.key());
            translator.put(key, null);
        } else {
            ExperimentSnapshot snapshot;
            try {
                snapshot = decodeWaiting(record.value());
            } catch (AvroDecoder.Poison e) {
                deadLetter(record, e);
                return;
            }
            store.put(record.key(), record.value());
            translator.put(key, snapshot);
        }
        view.set(translator.snapshot());
    }

    private ExperimentSnapshot decodeWaiting(byte[] value) throws AvroDecoder.Poison {
        long backoff = 100;
        while (true) {
            try {
                return decoder.decode(topic, null, value);
            } catch (RegistryUnavailable e) {
                log.warn("Schema registry unavailable while reading {}; retrying in {} ms: {}", topic, backoff,
                        e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void deadLetter(Record<Bytes, byte[]> record, AvroDecoder.Poison poison) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        int partition = meta == null ? -1 : meta.partition();
        long offset = meta == null ? -1 : meta.offset();
        log.error("Unreadable configuration record to the dead-letter topic: topic {}, partition {}, offset {}: {}",
                topic, partition, offset, poison.getMessage());
        var headers = DeadLetterHeaders.of(record.headers(), topic, partition, offset, record.timestamp(), group,
                DeadLetterReason.DECODE, poison.reason(), Instant.ofEpochMilli(context.currentSystemTimeMs()));
        long backoff = 100;
        while (true) {
            try {
                deadLetters.send(record.key() == null ? null : record.key().get(), record.value(), headers);
                return;
            } catch (RuntimeException e) {
                log.warn("Dead-letter topic unavailable; retrying in {} ms: {}", backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private static String key(Bytes key) {
        return new String(key.get(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
