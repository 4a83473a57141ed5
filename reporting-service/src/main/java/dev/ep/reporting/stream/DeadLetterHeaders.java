package dev.ep.reporting.stream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a dead-lettered record: the original headers, plus why and where from, under spring-kafka's
 * {@code DeadLetterPublishingRecoverer} names (as event-ingest writes them) and {@code ep-dlt-reason}. The one place
 * this service writes them: when the shared dead-letter header writer lands in {@code schemas}, it replaces this
 * class.
 */
final class DeadLetterHeaders {

    static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";
    static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";
    static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";
    static final String EXCEPTION_STACKTRACE = "kafka_dlt-exception-stacktrace";
    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";
    static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";
    static final String ORIGINAL_CONSUMER_GROUP = "kafka_dlt-original-consumer-group";
    static final String REASON = "ep-dlt-reason";

    private DeadLetterHeaders() {
    }

    /** Where the record came from; partition and offset are -1 when unknown. */
    record Origin(String topic, int partition, long offset, long timestamp, String group) {
    }

    static Headers of(Headers original, Origin origin, DeadLetterReason reason, Exception cause) {
        Headers headers = new RecordHeaders();
        if (original != null) {
            original.forEach(headers::add);
        }
        headers.add(REASON, utf8(reason.tag()));
        headers.add(EXCEPTION_FQCN, utf8(cause.getClass().getName()));
        if (cause.getCause() != null) {
            headers.add(EXCEPTION_CAUSE_FQCN, utf8(cause.getCause().getClass().getName()));
        }
        headers.add(EXCEPTION_MESSAGE, utf8(String.valueOf(cause.getMessage())));
        headers.add(EXCEPTION_STACKTRACE, utf8(stackTrace(cause)));
        headers.add(ORIGINAL_TOPIC, utf8(origin.topic()));
        headers.add(ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(origin.partition()).array());
        headers.add(ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(origin.offset()).array());
        headers.add(ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(origin.timestamp()).array());
        headers.add(ORIGINAL_CONSUMER_GROUP, utf8(origin.group()));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        String text = out.toString();
        return text.length() > 8_000 ? text.substring(0, 8_000) : text;
    }
}
