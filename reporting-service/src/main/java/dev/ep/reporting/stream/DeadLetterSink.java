package dev.ep.reporting.stream;

import org.apache.kafka.common.header.Headers;

/**
 * Sends a record to the dead-letter topic outside the topology. Only the global (configuration) thread needs it:
 * a global store processor cannot forward to a sink; the stream threads route poison to the dead-letter sink node
 * inside their transaction instead.
 */
interface DeadLetterSink {

    /** Blocks until the broker acknowledged the record; throws when it could not be sent. */
    void send(byte[] key, byte[] value, Headers headers);
}
