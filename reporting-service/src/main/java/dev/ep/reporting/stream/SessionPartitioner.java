package dev.ep.reporting.stream;

import dev.ep.events.v1.UnitType;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts a SESSION unit's record (key {@code SESSION/<sessionId>}) on the partition its session's input records are on
 * ({@link SessionPlacement}: the topic it writes has the input topics' partition count), so that it reaches the task
 * that holds the session's state. Only SESSION units' records are written with it; any other key is refused (a wiring
 * error, never data).
 */
final class SessionPartitioner implements StreamPartitioner<String, UnitMessage> {

    private static final String PREFIX = UnitType.SESSION.name() + "/";

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, UnitMessage value, int numPartitions) {
        if (key == null || !key.startsWith(PREFIX)) {
            throw new IllegalStateException("not a SESSION unit's key on " + topic + ": " + key);
        }
        return Optional.of(Set.of(new SessionPlacement(numPartitions).partitionOf(key.substring(PREFIX.length()))));
    }
}
