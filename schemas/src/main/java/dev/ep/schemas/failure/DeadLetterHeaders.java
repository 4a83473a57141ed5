package dev.ep.schemas.failure;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one header set of every dead-letter record of the platform. Every value is a UTF-8 string (numbers in decimal),
 * so any Kafka client reads them without knowing Java's or spring-kafka's binary encodings. The original record's
 * headers are kept unchanged, except any whose name starts with {@code ep.dlt.}: those are replaced, so each name
 * below appears exactly once and describes this dead-lettering (a record replayed from a dead-letter topic and
 * dead-lettered again, or a producer forging them, cannot leave a second, misleading value).
 */
public final class DeadLetterHeaders {

    /** Prefix of every header this class writes. */
    public static final String PREFIX = "ep.dlt.";
    public static final String ORIGINAL_TOPIC = PREFIX + "original.topic";
    /** Decimal partition number. */
    public static final String ORIGINAL_PARTITION = PREFIX + "original.partition";
    /** Decimal offset. */
    public static final String ORIGINAL_OFFSET = PREFIX + "original.offset";
    /** Decimal epoch milliseconds of the original record's Kafka timestamp. */
    public static final String ORIGINAL_TIMESTAMP = PREFIX + "original.timestamp";
    /** The consumer that gave up on the record (its group id, or its name when it has no group). */
    public static final String CONSUMER = PREFIX + "consumer";
    /** {@link DeadLetterReason#code()}. */
    public static final String REASON = PREFIX + "reason";
    /** Fully qualified class name of the failure. */
    public static final String EXCEPTION = PREFIX + "exception";
    /** Fully qualified class name of the failure's root cause, when it has one. */
    public static final String ROOT_CAUSE = PREFIX + "exception.root";
    /** The failure's message, at most {@link #MAX_MESSAGE_BYTES} bytes of valid UTF-8. */
    public static final String MESSAGE = PREFIX + "message";
    /** Decimal epoch milliseconds at which the record was dead-lettered. */
    public static final String TIME = PREFIX + "time";

    /** Bound of {@link #MESSAGE}: a message is cut (at a character boundary, ending in {@code …}) beyond it. */
    public static final int MAX_MESSAGE_BYTES = 1_024;

    private DeadLetterHeaders() {
    }

    /** The headers of the dead letter of {@code record}: its own headers plus the set above. */
    public static Headers of(ConsumerRecord<?, ?> record, String consumer, DeadLetterReason reason, Throwable failure,
            Instant now) {
        return of(record.headers(), record.topic(), record.partition(), record.offset(), record.timestamp(), consumer,
                reason, failure, now);
    }

    /**
     * The same set for a record known by its parts rather than as a {@link ConsumerRecord} (a Kafka Streams processor
     * sees headers and record metadata; partition and offset are -1 when unknown).
     */
    public static Headers of(Headers original, String topic, int partition, long offset, long timestamp,
            String consumer, DeadLetterReason reason, Throwable failure, Instant now) {
        Headers headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                if (!header.key().startsWith(PREFIX)) {
                    headers.add(header);
                }
            }
        }
        add(headers, ORIGINAL_TOPIC, topic);
        add(headers, ORIGINAL_PARTITION, Integer.toString(partition));
        add(headers, ORIGINAL_OFFSET, Long.toString(offset));
        add(headers, ORIGINAL_TIMESTAMP, Long.toString(timestamp));
        add(headers, CONSUMER, consumer);
        add(headers, REASON, reason.code());
        add(headers, EXCEPTION, failure.getClass().getName());
        Throwable root = rootCause(failure);
        if (root != failure) {
            add(headers, ROOT_CAUSE, root.getClass().getName());
        }
        add(headers, MESSAGE, bounded(String.valueOf(failure.getMessage()), MAX_MESSAGE_BYTES));
        add(headers, TIME, Long.toString(now.toEpochMilli()));
        return headers;
    }

    /** The value of header {@code name} as text, if present (the last one when repeated). */
    public static Optional<String> read(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /**
     * {@code text} as at most {@code maxBytes} bytes of valid UTF-8: unpaired surrogates become U+FFFD (Java would
     * write {@code ?}), and a longer text is cut at a code point boundary and ends in {@code …}.
     */
    static String bounded(String text, int maxBytes) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxBytes));
        int bytes = 0;
        int cut = -1; // where the text is cut, with room for the ellipsis (3 bytes in UTF-8), once known
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
                codePoint = 0xFFFD;
            }
            int length = utf8Length(codePoint);
            if (cut < 0 && bytes + length > maxBytes - 3) {
                cut = out.length();
            }
            if (bytes + length > maxBytes) {
                out.setLength(cut);
                return out.append('\u2026').toString();
            }
            out.appendCodePoint(codePoint);
            bytes += length;
        }
        return out.toString();
    }

    private static int utf8Length(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 100; depth++) {
            root = root.getCause();
        }
        return root;
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
