package dev.ep.config.relay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.ep.config.change.ConfigState;
import dev.ep.config.store.EventStore;
import dev.ep.config.store.StoredEvent;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.ConfigLineage;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps what the relay publishes on one line of history ({@link ConfigLineage}) when the database goes back.
 *
 * <p>Restoring the database from a backup rewinds the global sequence, while the topics keep what was published
 * after the backup; consumers, which skip every sequence at or below the last they applied, would then ignore every
 * new change. So before a new leader publishes anything, it reads the compacted snapshot topic (every key, and the
 * lineage headers of the last record) and checks that the database still holds the witness event with the same
 * chain hash. If not, the database went back (or forked): it starts the next epoch, logs it at ERROR, republishes
 * the current snapshot of every aggregate it has (in sequence order, so unchanged aggregates arrive identical) and a
 * tombstone for every key on the topic it no longer has, all stamped with the new epoch, and only then publishes the
 * outbox. Consumers order by (epoch, sequence). Bounded by the number of keys of the compacted topic.
 */
final class Lineage {

    private static final Logger LOG = LoggerFactory.getLogger(Lineage.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** A new epoch the leader started: from which witness to which database head, and when. */
    record Rebase(long epoch, long publishedSequence, long databaseSequence, int republished, int removed,
            Instant at) {
    }

    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final JdbcTemplate jdbc;
    private final EventStore events;
    private final String experimentsTopic;
    private final Clock clock;

    Lineage(Supplier<Consumer<byte[], byte[]>> readers, JdbcTemplate jdbc, EventStore events, String experimentsTopic,
            Clock clock) {
        this.readers = readers;
        this.jdbc = jdbc;
        this.events = events;
        this.experimentsTopic = experimentsTopic;
        this.clock = clock;
    }

    /** What the topic says: every key on it, and the lineage headers of its last record. */
    private record Published(Set<String> keys, Optional<Headers> last) {
    }

    /**
     * The epoch to publish under: the topic's, or the next one after republishing the database's state when the
     * database no longer holds what was published. Throws when Kafka cannot be read (the relay retries).
     */
    Established establish(Producer<String, SpecificRecordBase> producer) throws Exception {
        Published published = read();
        if (published.last().isEmpty()) {
            return new Established(0, Optional.empty());
        }
        long epoch = ConfigLineage.epochOf(published.last().get());
        Optional<ConfigLineage.Witness> witness = ConfigLineage.witnessOf(published.last().get());
        if (witness.isEmpty()) {
            LOG.info("{} has no lineage headers yet (written before epochs existed); publishing under epoch {}",
                    experimentsTopic, epoch);
            return new Established(epoch, Optional.empty());
        }
        List<String> hash = jdbc.queryForList("SELECT hash FROM config_event WHERE sequence = ?", String.class,
                witness.get().sequence());
        if (hash.size() == 1 && hash.get(0).equals(witness.get().hash())) {
            return new Established(epoch, Optional.empty());
        }
        EventStore.Head head = events.head();
        long next = epoch + 1;
        LOG.error("The event store went back: {} was published up to sequence {} (epoch {}), but the database {} "
                + "(its head is sequence {}): it was restored from a backup or otherwise lost changes. Starting epoch "
                + "{}: republishing the state of every aggregate and removing the keys it no longer has, so every "
                + "assignment instance follows the database again. Changes published after the backup are undone.",
                experimentsTopic, witness.get().sequence(), epoch, hash.isEmpty() ? "does not have that event"
                        : "has another event there", head.lastSequence(), next);
        Rebase rebase = republish(producer, next, witness.get().sequence(), head, published.keys());
        return new Established(next, Optional.of(rebase));
    }

    /** The epoch to publish under, and the rebase that started it if this call did. */
    record Established(long epoch, Optional<Rebase> rebase) {
    }

    private Published read() {
        TopicPartition partition = new TopicPartition(experimentsTopic, 0);
        try (Consumer<byte[], byte[]> consumer = readers.get()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
            Set<String> keys = new LinkedHashSet<>();
            Headers last = null;
            while (consumer.position(partition, Duration.ofSeconds(10)) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null) {
                        keys.add(new String(record.key(), StandardCharsets.UTF_8));
                    }
                    last = record.headers();
                }
            }
            return new Published(keys, Optional.ofNullable(last));
        }
    }

    private Rebase republish(Producer<String, SpecificRecordBase> producer, long epoch, long publishedSequence,
            EventStore.Head head, Set<String> keysOnTopic) throws Exception {
        Map<String, ExperimentSnapshot> latest = new HashMap<>();
        ConfigState state = ConfigState.EMPTY;
        for (StoredEvent e : events.read(0, head.lastSequence())) {
            state = state.apply(e.event());
            latest.put(e.aggregate().key(), AvroMapping.snapshot(state, e));
        }
        ConfigLineage.Witness witness = new ConfigLineage.Witness(head.lastSequence(), head.lastHash().orElse(""));
        List<Map.Entry<String, ExperimentSnapshot>> ordered = new ArrayList<>(latest.entrySet());
        ordered.sort(Comparator.comparingLong(e -> e.getValue().getSequence()));
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Map.Entry<String, ExperimentSnapshot> entry : ordered) {
            acks.add(producer.send(stamped(entry.getKey(), entry.getValue(), epoch, witness)));
        }
        int removed = 0;
        for (String key : keysOnTopic) {
            if (!latest.containsKey(key)) {
                acks.add(producer.send(stamped(key, null, epoch, witness)));
                removed++;
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        LOG.warn("Epoch {} started: republished {} aggregates and removed {} keys on {}", epoch, ordered.size(),
                removed, experimentsTopic);
        return new Rebase(epoch, publishedSequence, head.lastSequence(), ordered.size(), removed, clock.instant());
    }

    private ProducerRecord<String, SpecificRecordBase> stamped(String key, SpecificRecordBase value, long epoch,
            ConfigLineage.Witness witness) {
        RecordHeaders headers = new RecordHeaders();
        ConfigLineage.stamp(headers, epoch, witness);
        return new ProducerRecord<>(experimentsTopic, null, key, value, headers);
    }
}
