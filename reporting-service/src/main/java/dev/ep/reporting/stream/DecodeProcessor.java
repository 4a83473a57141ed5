package dev.ep.reporting.stream;

import dev.ep.events.v1.UnitType;
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
 *
 * <p>A SESSION unit's input is marked to be attributed in this task (no repartition): the session's records are all
 * on this partition number ({@link SessionPlacement}). A record with a SESSION unit that belongs to another partition
 * (its producer did not key it by the session id) is dead-lettered whole, with the reason: counting it here would
 * split the session's state between two tasks.
 */
final class DecodeProcessor<T extends SpecificRecord> implements Processor<byte[], byte[], String, Outbound> {

    private static final Logger log = LoggerFactory.getLogger(DecodeProcessor.class);
    private static final String SESSION_PREFIX = UnitType.SESSION.name() + "/";

    private final String topic;
    private final AvroDecoder<T> decoder;
    private final Function<T, Routed> mapper;
    private final String group;
    private final SessionPlacement placement;
    private ProcessorContext<String, Outbound> context;

    DecodeProcessor(String topic, AvroDecoder<T> decoder, Function<T, Routed> mapper, String group,
                    SessionPlacement placement) {
        this.topic = topic;
        this.decoder = decoder;
        this.mapper = mapper;
        this.group = group;
        this.placement = placement;
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
        RecordMetadata meta = context.recordMetadata().orElse(null);
        int partition = meta == null ? -1 : meta.partition();
        if (routed instanceof Routed.ToUnits units) {
            routed = misplaced(units, partition);
        }
        if (routed instanceof Routed.ToUnits units) {
            for (Routed.Keyed keyed : units.inputs()) {
                context.forward(new Record<>(keyed.unitKey(),
                        Outbound.input(UnitMessage.of(keyed.input()), sessionId(keyed.unitKey()) != null),
                        keyed.input().time(), new RecordHeaders()));
            }
        } else {
            Routed.Poison poison = (Routed.Poison) routed;
            long offset = meta == null ? -1 : meta.offset();
            log.warn("Record to the dead-letter topic ({}): topic {}, partition {}, offset {}: {}",
                    poison.reason().code(), topic, partition, offset, poison.cause().getMessage());
            context.forward(new Record<>(null, Outbound.poison(record.key(), record.value()), record.timestamp(),
                    DeadLetterHeaders.of(record.headers(), topic, partition, offset, record.timestamp(), group,
                            poison.reason(), poison.cause(), Instant.ofEpochMilli(context.currentSystemTimeMs()))));
        }
    }

    /** The routing unchanged, or a poison when a SESSION unit of the record belongs to another partition. */
    private Routed misplaced(Routed.ToUnits units, int partition) {
        for (Routed.Keyed keyed : units.inputs()) {
            String session = sessionId(keyed.unitKey());
            if (session != null && placement.partitionOf(session) != partition) {
                return new Routed.Poison(DeadLetterReason.VALIDATION, new IllegalArgumentException(
                        "session " + session + " belongs to partition " + placement.partitionOf(session) + " of "
                                + placement.partitions() + ", but the record is on partition " + partition
                                + ": the input topics must be keyed by session id with the default partitioner"));
            }
        }
        return units;
    }

    /** The session id of a SESSION unit's key ({@link InputMapper#unitKey}), null for any other unit. */
    private static String sessionId(String unitKey) {
        return unitKey.startsWith(SESSION_PREFIX) ? unitKey.substring(SESSION_PREFIX.length()) : null;
    }
}
