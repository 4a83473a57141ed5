package dev.ep.reporting.stream;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where the platform's producers put a session's records: assignment-service keys {@code ep.assignments},
 * {@code ep.coverage} and {@code ep.events} by session id (UTF-8, {@code StringSerializer}) and leaves the partition to
 * Kafka's default partitioner, which places a keyed record on {@code toPositive(murmur2(key)) % partitions}
 * (the producer's {@code BuiltInPartitioner.partitionForKey}). All three topics have the same partition count
 * ({@code ep.kafka.event-partitions}, verified by the topic provisioner at start), so every input of one session
 * arrives in the stream task of one partition number, and the session's state can live in that task.
 *
 * @param partitions the input topics' partition count
 */
record SessionPlacement(int partitions) {

    SessionPlacement {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
    }

    /** The partition a record keyed by this session id is on. */
    int partitionOf(String sessionId) {
        return Utils.toPositive(Utils.murmur2(sessionId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
