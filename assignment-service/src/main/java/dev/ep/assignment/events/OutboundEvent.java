package dev.ep.assignment.events;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.schemas.AvroTrust;
import dev.ep.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event on its way to Kafka: topic (by kind), key (session id) and Avro value. {@link #encode()} gives the
 * journal form, {@code [kind code][key length][key][Avro binary]}: the Avro body is written with the generated class's
 * own schema, without the registry, so spilling works while the registry is down too. The kind is stored as its
 * {@link Kind#code() code}, fixed per constant, never as the enum position, so reordering or inserting constants does
 * not change how existing journals read. The codes are the positions the first journal format wrote (0, 1, 2), so
 * journals written before the codes existed read unchanged.
 */
public record OutboundEvent(Kind kind, String key, SpecificRecord value) {

    static {
        AvroTrust.install();
    }

    /** The three event streams this service writes, each with its journal code (stored in journal files: never reuse). */
    public enum Kind {
        ASSIGNMENT(0, Topics.ASSIGNMENTS.name(), AssignmentDecision.class),
        COVERAGE(1, Topics.COVERAGE.name(), CoverageEvent.class),
        TRACKING(2, Topics.EVENTS.name(), TrackingEvent.class);

        private final byte code;
        private final String topic;
        private final Class<? extends SpecificRecord> type;

        Kind(int code, String topic, Class<? extends SpecificRecord> type) {
            this.code = (byte) code;
            this.topic = topic;
            this.type = type;
        }

        public String topic() {
            return topic;
        }

        /** The byte that stands for this kind in journal files. */
        public byte code() {
            return code;
        }

        /** The kind of a journal code. */
        static Kind ofCode(byte code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown event kind code " + code);
        }
    }

    public OutboundEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        if (!kind.type.isInstance(value)) {
            throw new IllegalArgumentException(kind + " needs a " + kind.type.getSimpleName());
        }
    }

    public static OutboundEvent assignment(AssignmentDecision decision) {
        return new OutboundEvent(Kind.ASSIGNMENT, decision.getSessionId(), decision);
    }

    public static OutboundEvent coverage(CoverageEvent event) {
        return new OutboundEvent(Kind.COVERAGE, event.getSessionId(), event);
    }

    public static OutboundEvent tracking(TrackingEvent event) {
        return new OutboundEvent(Kind.TRACKING, event.getSessionId(), event);
    }

    public String topic() {
        return kind.topic;
    }

    /** The event id every event type carries (consumers deduplicate on it). */
    public String eventId() {
        return String.valueOf(value.get(value.getSchema().getField("eventId").pos()));
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
            out.write(kind.code);
            out.write(ByteBuffer.allocate(4).putInt(keyBytes.length).array());
            out.write(keyBytes);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            @SuppressWarnings("unchecked")
            SpecificDatumWriter<SpecificRecord> writer = new SpecificDatumWriter<>((Class<SpecificRecord>) kind.type);
            writer.write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OutboundEvent decode(byte[] payload) {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(payload);
            Kind kind = Kind.ofCode(buffer.get());
            byte[] key = new byte[buffer.getInt()];
            buffer.get(key);
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, buffer.position(),
                    buffer.remaining(), null);
            @SuppressWarnings("unchecked")
            SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>((Class<SpecificRecord>) kind.type);
            return new OutboundEvent(kind, new String(key, StandardCharsets.UTF_8), reader.read(null, decoder));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("undecodable journal entry: " + e.getMessage(), e);
        }
    }
}
