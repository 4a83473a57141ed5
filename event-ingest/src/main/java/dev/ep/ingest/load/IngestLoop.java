package dev.ep.ingest.load;

import dev.ep.ingest.event.EventBatch;
import dev.ep.ingest.store.EventStore;
import dev.ep.ingest.store.RejectedBatchException;
import dev.ep.ingest.store.StoreUnavailableException;
import dev.ep.schemas.failure.DeadLetterReason;
import dev.ep.schemas.failure.DeadLetterWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the group, on its own thread: poll a batch, decode each record, send poison records to the
 * dead-letter topic, write the rest in one PostgreSQL transaction, wait for the dead-letter sends, then commit the
 * offsets. Offsets are committed only after the transaction has committed, so a crash anywhere before that means
 * redelivery, which the tables absorb (ON CONFLICT DO NOTHING): nothing lost, nothing doubled.
 *
 * <p>When PostgreSQL (or the registry, or the dead-letter topic) is unavailable, the loop seeks back to the batch's
 * first offsets, pauses every assigned partition and keeps polling (so it stays in the group) while it waits with
 * exponential back-off; once the cause is reachable again it resumes and re-reads the batch. It never exits on such
 * failures, so there is no crash loop.
 */
final class IngestLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Collection<String> topics;
    private final RecordDecoder decoder;
    private final DeadLetterWriter deadLetters;
    private final EventStore store;
    private final IngestMetrics metrics;
    private final Backoff backoff;
    private final Duration pollTimeout;
    private final Clock clock;

    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean running = true;
    private volatile LoopState state = new LoopState.Starting();
    private boolean paused;
    private TransientFailure.Cause pausedFor;
    /**
     * Offsets of batches already committed in PostgreSQL whose Kafka commit failed (a rebalance in progress, the
     * coordinator away, a wake-up): committed again before the next poll, for revoked partitions in
     * {@link Rebalance#onPartitionsRevoked}, and once more before the consumer closes, so a failed commit does not make
     * the next owner of the partition read the batch again. Dropped for partitions lost to another member.
     */
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    /**
     * The dead letters already sent for records not yet committed, by partition and offset: a batch retried after a
     * transient failure (PostgreSQL, the registry, the dead-letter topic) reuses a send that succeeded or is still in
     * flight instead of publishing the poison record again, so each record is dead-lettered once; only a send that
     * failed is repeated. Entries go when their offsets are committed or their partition is revoked or lost, so this
     * holds at most the poison records of the batch in flight.
     */
    private final Map<TopicPartition, java.util.NavigableMap<Long, Future<RecordMetadata>>> deadLettersSent =
            new HashMap<>();

    IngestLoop(String name, Supplier<Consumer<byte[], byte[]>> consumers, Collection<String> topics,
               RecordDecoder decoder, DeadLetterWriter deadLetters, EventStore store, IngestMetrics metrics,
               Backoff backoff, Duration pollTimeout, Clock clock) {
        this.name = name;
        this.consumers = consumers;
        this.topics = List.copyOf(topics);
        this.decoder = decoder;
        this.deadLetters = deadLetters;
        this.store = store;
        this.metrics = metrics;
        this.backoff = backoff;
        this.pollTimeout = pollTimeout;
        this.clock = clock;
    }

    /** What this loop is doing, for the health endpoint. */
    sealed interface LoopState {
        record Starting() implements LoopState {
        }

        record Running() implements LoopState {
        }

        record BackingOff(TransientFailure.Cause cause, String message, Instant since) implements LoopState {
        }

        record Stopped() implements LoopState {
        }
    }

    LoopState state() {
        return state;
    }

    String name() {
        return name;
    }

    @Override
    public void run() {
        Consumer<byte[], byte[]> c = consumers.get();
        consumer = c;
        try {
            c.subscribe(topics, new Rebalance());
            state = new LoopState.Running();
            while (running) {
                try {
                    if (paused) {
                        waitWhilePaused();
                    } else {
                        pollAndLoad();
                    }
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    // A bug or an unexpected client error: never let the thread die; retry the same records later.
                    LOG.error("{}: unexpected failure, retrying after back-off", name, e);
                    pause(new TransientFailure(TransientFailure.Cause.OTHER, String.valueOf(e), e));
                    rewindToCommitted();
                }
            }
        } finally {
            state = new LoopState.Stopped();
            if (paused) {
                metrics.paused(false);
            }
            try {
                commitPending("closing");
            } finally {
                closeQuietly(c);
            }
        }
    }

    private void closeQuietly(Consumer<byte[], byte[]> c) {
        try {
            c.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the consumer failed: {}", name, e.toString());
        }
    }

    /** Asks the loop to finish its current step and close its consumer. */
    void stop() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void pollAndLoad() {
        commitPending("retry");
        ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        updateLag();
        if (records.isEmpty()) {
            return;
        }
        try {
            load(records);
            backoff.reset();
        } catch (TransientFailure failure) {
            rewind(records);
            pause(failure);
        }
    }

    private void load(ConsumerRecords<byte[], byte[]> records) throws TransientFailure {
        long started = System.nanoTime();
        EventBatch batch = new EventBatch();
        List<ConsumerRecord<byte[], byte[]>> rowSources = new ArrayList<>(records.count());
        List<DecodeOutcome.Row> rows = new ArrayList<>(records.count());
        List<DeadLetter> deadLettered = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            DecodeOutcome outcome = decoder.decode(record);
            if (outcome instanceof DecodeOutcome.Row row) {
                batch.add(row.row());
                rowSources.add(record);
                rows.add(row);
            } else if (outcome instanceof DecodeOutcome.Poison poison) {
                deadLettered.add(deadLetter(record, poison.reason(), poison.cause()));
            }
        }
        long decoded = System.nanoTime();
        metrics.decoded(decoded - started);
        int inserted;
        Set<Integer> rejected = new HashSet<>();
        try {
            inserted = store.store(batch);
        } catch (StoreUnavailableException e) {
            throw new TransientFailure(TransientFailure.Cause.STORE, e.getMessage(), e);
        } catch (RejectedBatchException e) {
            LOG.warn("{}: PostgreSQL rejected a batch of {} records, writing them one by one: {}", name,
                    batch.size(), e.getMessage());
            inserted = 0;
            for (int i = 0; i < rows.size(); i++) {
                try {
                    inserted += store.store(EventBatch.of(List.of(rows.get(i).row())));
                } catch (StoreUnavailableException unavailable) {
                    throw new TransientFailure(TransientFailure.Cause.STORE, unavailable.getMessage(), unavailable);
                } catch (RejectedBatchException refused) {
                    rejected.add(i);
                    deadLettered.add(deadLetter(rowSources.get(i), DeadLetterReason.REJECTED_BY_DATABASE, refused));
                }
            }
        }
        metrics.written(System.nanoTime() - decoded);
        awaitDeadLetters(deadLettered);
        commit(records);
        long committedAt = clock.millis();
        Map<String, Integer> perTopic = new HashMap<>();
        for (int i = 0; i < rowSources.size(); i++) {
            if (!rejected.contains(i)) {
                ConsumerRecord<byte[], byte[]> record = rowSources.get(i);
                perTopic.merge(record.topic(), 1, Integer::sum);
                metrics.endToEnd(record.timestamp(), committedAt);
            }
        }
        perTopic.forEach(metrics::loaded);
        deadLettered.forEach(d -> metrics.deadLetter(d.record().topic(), d.reason()));
        metrics.duplicates(rows.size() - rejected.size() - inserted);
        metrics.batch(records.count(), Duration.ofNanos(System.nanoTime() - started));
    }

    private record DeadLetter(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason,
                              Future<RecordMetadata> sent) {
    }

    private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, Exception cause)
            throws TransientFailure {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Future<RecordMetadata> earlier = deadLettersSent
                .getOrDefault(partition, java.util.Collections.emptyNavigableMap()).get(record.offset());
        if (earlier != null && !failed(earlier)) {
            // Sent by an earlier attempt at this batch (done, or still in flight): wait for that send, do not repeat it.
            return new DeadLetter(record, reason, earlier);
        }
        LOG.warn("{}: {} record to {} ({}): topic {} partition {} offset {}: {}", name, reason.code(),
                deadLetters.topic(), cause.getClass().getSimpleName(), record.topic(), record.partition(),
                record.offset(), cause.getMessage());
        DeadLetter sent = new DeadLetter(record, reason, deadLetters.send(record, reason, cause));
        deadLettersSent.computeIfAbsent(partition, p -> new java.util.TreeMap<>()).put(record.offset(), sent.sent());
        if (sent.sent().isDone()) {
            // Failed at once (e.g. the topic is missing): give up on the batch now rather than block on each record.
            awaitDeadLetters(List.of(sent));
        }
        return sent;
    }

    private static boolean failed(Future<RecordMetadata> send) {
        if (!send.isDone()) {
            return false;
        }
        try {
            send.get();
            return false;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void awaitDeadLetters(List<DeadLetter> sent) throws TransientFailure {
        for (DeadLetter d : sent) {
            try {
                d.sent().get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new TransientFailure(TransientFailure.Cause.DEAD_LETTER_TOPIC,
                        "Could not write to " + deadLetters.topic() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientFailure(TransientFailure.Cause.OTHER, "interrupted", e);
            }
        }
    }

    /** Commits the batch's offsets (its rows are committed in PostgreSQL); a failed commit is kept pending. */
    private void commit(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
            ConsumerRecord<byte[], byte[]> last = inPartition.get(inPartition.size() - 1);
            pending.put(partition, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
            java.util.NavigableMap<Long, Future<RecordMetadata>> sent = deadLettersSent.get(partition);
            if (sent != null) {
                sent.headMap(last.offset(), true).clear();
                if (sent.isEmpty()) {
                    deadLettersSent.remove(partition);
                }
            }
        }
        commitPending("batch");
    }

    /**
     * Commits the pending offsets of partitions still assigned. On failure they stay pending (the consumer's position
     * is already past them, so nothing is read twice by this consumer); if the partitions go to another member
     * first, it reads those records again and finds them stored: harmless duplicates, never a loss.
     */
    private void commitPending(String when) {
        if (pending.isEmpty()) {
            return;
        }
        pending.keySet().retainAll(consumer.assignment());
        if (pending.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(pending);
            pending.clear();
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            commitPending(when + ", after wake-up"); // stopping: the wake-up is spent, commit before closing
        } catch (KafkaException e) {
            LOG.warn("{}: offset commit failed ({}), kept to retry; the rows are stored: {}", name, when,
                    e.toString());
        }
    }

    private void pause(TransientFailure failure) {
        metrics.retry(failure.kind());
        if (!paused) {
            if (failure.kind() == TransientFailure.Cause.REGISTRY_CONFIGURATION) {
                // an operator must act (credentials, URL): loud, once per pause; nothing is dead-lettered meanwhile
                LOG.error("{}: schema registry refuses this consumer, pausing consumption and retrying with "
                        + "back-off until it is fixed: {}", name, failure.getMessage());
            } else {
                LOG.warn("{}: {} unavailable, pausing consumption and retrying with back-off: {}", name,
                        failure.kind().name().toLowerCase(java.util.Locale.ROOT), failure.getMessage());
            }
            metrics.paused(true);
            state = new LoopState.BackingOff(failure.kind(), failure.getMessage(), clock.instant());
        }
        paused = true;
        pausedFor = failure.kind();
        consumer.pause(consumer.assignment());
    }

    /** Waits one back-off step while staying in the group, then resumes if the cause is reachable again. */
    private void waitWhilePaused() {
        commitPending("retry");
        ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(backoff.next());
        if (!unexpected.isEmpty()) {
            // Partitions assigned during the pause arrive unpaused: put their records back.
            rewind(unexpected);
            consumer.pause(consumer.assignment());
        }
        updateLag();
        if (pausedFor == TransientFailure.Cause.STORE && !store.isReachable()) {
            LOG.debug("{}: PostgreSQL still unreachable", name);
            return;
        }
        LOG.info("{}: resuming after {} outage", name, pausedFor.name().toLowerCase(java.util.Locale.ROOT));
        paused = false;
        metrics.paused(false);
        state = new LoopState.Running();
        consumer.resume(consumer.paused());
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    /**
     * Seeks every assigned partition back to the end of what is stored: its pending offset, else its committed
     * offset (after an unexpected failure, when it is not known how far the failed batch got).
     */
    private void rewindToCommitted() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(consumer.committed(consumer.assignment()));
            committed.putAll(pending);
            for (TopicPartition partition : consumer.assignment()) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset != null) {
                    consumer.seek(partition, offset);
                } else {
                    consumer.seekToBeginning(List.of(partition)); // nothing committed yet (auto.offset.reset=earliest)
                }
            }
        } catch (KafkaException e) {
            LOG.warn("{}: could not read committed offsets to rewind: {}", name, e.toString());
        }
    }

    private void updateLag() {
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isPresent()) {
                metrics.lag(partition, lag.getAsLong());
            }
        }
    }

    /**
     * Every batch is committed (or rewound) before the next poll, and rebalance callbacks run only inside poll, so a
     * revoked partition never has a batch in flight; only offsets whose commit failed may be pending, and they are
     * committed here while the partition is still ours.
     */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.stream().anyMatch(pending::containsKey)) {
                Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>();
                partitions.forEach(p -> {
                    OffsetAndMetadata offset = pending.remove(p);
                    if (offset != null) {
                        revoked.put(p, offset);
                    }
                });
                try {
                    consumer.commitSync(revoked);
                } catch (KafkaException e) {
                    LOG.warn("{}: committing revoked partitions failed, the next owner re-reads stored records: {}",
                            name, e.toString());
                }
            }
            partitions.forEach(deadLettersSent::remove);
            metrics.unassigned(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (paused) {
                consumer.pause(partitions);
            }
            LOG.info("{}: assigned {}", name, partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: committing our offsets could move its position backwards.
            partitions.forEach(pending::remove);
            partitions.forEach(deadLettersSent::remove);
            metrics.unassigned(partitions);
        }
    }
}
