package dev.ep.reporting.stream;

import dev.ep.schemas.failure.DeadLetterReason;

import java.time.Instant;
import java.util.function.Function;

import dev.ep.schemas.failure.DeadLetterHeaders;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one input topic's raw records (the source reads bytes, so a poison record is caught here, alone) and
 * re-keys them by unit: one output per unit the record concerns, timestamped with the event's server time, or one
 * dead-letter output. A registry outage propagates ({@link RegistryUnavailable}): the thread is replaced and the
 * record reprocessed, never skipped.
 */
final class DecodeProcessor<T extends SpecificRecord> implements Processor<byte[], byte[], String, Outbound> {

    private static final Logger log = LoggerFactory.getLogger(DecodeProcessor.class);

    private final String topic;
    private final AvroDecoder<T> decoder;
    private final Function<T, Routed> mapper;
    private final String group;
    private ProcessorContext<String, Outbound> context;

    DecodeProcessor(String topic, AvroDecoder<T> decoder, Function<T, Routed> mapper, String group) {
        this.topic = topic;
        this.decoder = decoder;
        this.mapper = mapper;
        this.group = group;
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Routed routed;
        try {
            routed = mapper.apply(decoder.decode(topic, record.headers(), record.value()));
        } catch (AvroDecoder.Poison e) {
            routed = new Routed.Poison(DeadLetterReason.DECODE, e.reason());
        } catch (RuntimeException e) {
            if (e instanceof RegistryUnavailable) {
                throw e;
            }
            routed = new Routed.Poison(DeadLetterReason.VALIDATION, e);
        }
        if (routed instanceof Routed.ToUnits units) {
            for (Routed.Keyed keyed : units.inputs()) {
                context.forward(new Record<>(keyed.unitKey(), new Outbound(UnitMessage.of(keyed.input()), null, null),
                        keyed.input().time(), new RecordHeaders()));
            }
        } else {
            Routed.Poison poison = (Routed.Poison) routed;
            RecordMetadata meta = context.recordMetadata().orElse(null);
            int partition = meta == null ? -1 : meta.partition();
            long offset = meta == null ? -1 : meta.offset();
            log.warn("Record to the dead-letter topic ({}): topic {}, partition {}, offset {}: {}",
                    poison.reason().code(), topic, partition, offset, poison.cause().getMessage());
            context.forward(new Record<>(null, new Outbound(null, record.key(), record.value()), record.timestamp(),
                    DeadLetterHeaders.of(record.headers(), topic, partition, offset, record.timestamp(), group,
                            poison.reason(), poison.cause(), Instant.ofEpochMilli(context.currentSystemTimeMs()))));
        }
    }
}
