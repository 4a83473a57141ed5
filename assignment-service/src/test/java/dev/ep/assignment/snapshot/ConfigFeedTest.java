package dev.ep.assignment.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.it.ConfigRecords;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.schemas.ConfigLineage;
import dev.ep.schemas.Topics;
import dev.ep.schemas.failure.DeadLetterHeaders;
import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.registry.SchemaRegistryUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed loop against Kafka's {@link MockConsumer} and {@link MockProducer}: the record decoder stands in for the
 * registry serde (Avro single-object encoding, and registry failures on demand), the sleeper records its pauses.
 */
class ConfigFeedTest {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.CONFIG_EXPERIMENTS.name(), 0);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T07:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final List<ConsumerRecord<byte[], byte[]>> log = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicReference<RuntimeException> registry = new AtomicReference<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ConfigFeed feed;

    @BeforeEach
    void setUp() {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    }

    @Test
    void shouldServeEveryRecordOnceCaughtUpToTheEndOffsetSeenAtStart() throws Exception {
        // given
        append(ConfigRecords.layer("feed-layer"));
        long last = append(experiment("feed-exp"));
        start();

        // when
        step();

        // then
        assertThat(feed.state().caughtUp()).isTrue();
        assertThat(feed.current().version()).isEqualTo(last);
        assertThat(treatment("s-1")).isEqualTo("only");
        assertThat(new SnapshotFile(dir.resolve("snapshot.avro")).read().orElseThrow().lastSequence()).isEqualTo(last);
        assertThat(count("applied")).isEqualTo(2);
    }

    @Test
    void shouldRunEachStepBeforeServingWithTheNewSnapshotAndServeItEvenWhenAStepFails() throws Exception {
        // given two steps, the first failing on every snapshot, the second recording what was served when it ran
        append(ConfigRecords.layer("feed-layer"));
        long last = append(experiment("feed-exp"));
        start();
        List<Long> prepared = new ArrayList<>();
        List<Long> servedMeanwhile = new ArrayList<>();
        feed.beforeServing(next -> {
            throw new IllegalStateException("a step that fails");
        });
        feed.beforeServing(next -> {
            prepared.add(next.version());
            servedMeanwhile.add(feed.current().version());
        });

        // when
        step();

        // then the second step saw the new snapshot before it was served, and it was served all the same
        assertThat(prepared).isNotEmpty().endsWith(last);
        assertThat(servedMeanwhile.get(servedMeanwhile.size() - 1)).isLessThan(last);
        assertThat(feed.current().version()).isEqualTo(last);
        assertThat(treatment("s-1")).isEqualTo("only");
    }

    @Test
    void shouldDeadLetterAPoisonRecordOnceAndApplyTheRecordsAfterItWhenItCannotBeDecoded() throws Exception {
        // given: garbage between two good records
        append(ConfigRecords.layer("poison-layer"));
        appendRaw("experiment:poison".getBytes(StandardCharsets.UTF_8), "{\"not\":\"avro\"}".getBytes());
        long last = append(experiment("after-poison"));
        start();

        // when
        step();
        step();

        // then: one dead letter, with the platform's headers; the record after it is served
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> letter = producer.history().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.DLT_ASSIGNMENT_CONFIG.name());
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON)).contains("decode");
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).contains("1");
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.CONSUMER))
                .contains(ConfigFeed.CONSUMER_NAME);
        assertThat(feed.current().version()).isEqualTo(last);
        assertThat(count("dead_lettered")).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void shouldDeadLetterWithReasonValidationWhenTheKeyDoesNotMatchTheAggregate() throws Exception {
        // given: an attacker-chosen key naming another experiment
        ExperimentSnapshot snapshot = experiment("real-id");
        appendRaw("experiment:other-id".getBytes(StandardCharsets.UTF_8), encode(snapshot));
        start();

        // when
        step();

        // then
        assertThat(DeadLetterHeaders.read(producer.history().get(0).headers(), DeadLetterHeaders.REASON))
                .contains("validation");
        assertThat(feed.current().experiments()).isEmpty();
    }

    @Test
    void shouldDeadLetterARecordWithoutAKey() throws Exception {
        appendRaw(null, encode(ConfigRecords.layer("keyless")));
        start();
        step();
        assertThat(DeadLetterHeaders.read(producer.history().get(0).headers(), DeadLetterHeaders.MESSAGE))
                .contains("record has no key");
        assertThat(feed.state().caughtUp()).isTrue();
    }

    @Test
    void shouldStayOnTheSameOffsetAndDeadLetterNothingWhileTheRegistryIsUnavailable() throws Exception {
        // given: the registry is down
        append(ConfigRecords.layer("outage-layer"));
        long last = append(experiment("outage-exp"));
        registry.set(new SerializationException("Cannot deserialize", new SchemaRegistryUnavailableException(
                "connection refused", SchemaRegistryException.NO_STATUS, SchemaRegistryException.NO_STATUS, null,
                null)));
        start();

        // when: several rounds
        step();
        step();
        step();

        // then: it waits on the first record, every round, skipping nothing
        assertThat(feed.state().position()).isZero();
        assertThat(feed.state().caughtUp()).isFalse();
        assertThat(feed.state().waiting()).hasValueSatisfying(w ->
                assertThat(w.cause()).isEqualTo(ConfigFeed.WaitCause.REGISTRY_UNAVAILABLE));
        assertThat(producer.history()).isEmpty();
        assertThat(pauses).containsExactly(ConfigFeed.RETRY, ConfigFeed.RETRY, ConfigFeed.RETRY);

        // when: the registry is back
        registry.set(null);
        step();

        // then: everything applied, no longer waiting
        assertThat(feed.current().version()).isEqualTo(last);
        assertThat(feed.state().waiting()).isEmpty();
        assertThat(feed.state().caughtUp()).isTrue();
    }

    @Test
    void shouldWaitNotDeadLetterWhenTheRegistryRefusesTheCredentials() throws Exception {
        // given: the registry answers 401 (a wrong EP_SCHEMA_REGISTRY_USER_INFO)
        long sequence = append(ConfigRecords.layer("auth-layer"));
        registry.set(new SerializationException("Cannot deserialize", new SchemaRegistryException("Unauthorized",
                401, 401, null, null)));
        start();

        // when
        step();
        step();

        // then
        assertThat(feed.state().waiting()).hasValueSatisfying(w ->
                assertThat(w.cause()).isEqualTo(ConfigFeed.WaitCause.REGISTRY_REFUSED));
        assertThat(producer.history()).isEmpty();
        assertThat(feed.state().position()).isZero();

        // when: the operator fixes the credentials
        registry.set(null);
        step();

        // then
        assertThat(feed.current().version()).isEqualTo(sequence);
    }

    @Test
    void shouldDeadLetterWhenTheRegistryDoesNotKnowTheSchemaId() throws Exception {
        append(ConfigRecords.layer("unknown-id-layer"));
        registry.set(new SerializationException("unknown schema id", new SchemaRegistryException("not found",
                404, SchemaRegistryException.SCHEMA_NOT_FOUND, null, null)));
        start();
        step();
        assertThat(producer.history()).hasSize(1);
        assertThat(feed.state().waiting()).isEmpty();
    }

    @Test
    void shouldRetryTheSameRecordAndDeadLetterItOnceWhenTheDeadLetterTopicIsUnwritable() throws Exception {
        // given: a poison record, then a good one; the dead-letter producer fails
        appendRaw("experiment:x".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 9});
        long last = append(ConfigRecords.layer("after-dlt-outage"));
        producer.sendException = new KafkaException("topic not present in metadata");
        start();

        // when
        step();

        // then: it stays on the poison record
        assertThat(feed.state().position()).isZero();
        assertThat(feed.state().waiting()).hasValueSatisfying(w ->
                assertThat(w.cause()).isEqualTo(ConfigFeed.WaitCause.DEAD_LETTER_TOPIC));
        assertThat(feed.current().version()).isEqualTo(-1);

        // when: the topic is writable again
        producer.sendException = null;
        step();
        step();

        // then: dead-lettered exactly once, the next record applied
        assertThat(producer.history()).hasSize(1);
        assertThat(feed.current().version()).isEqualTo(last);
        assertThat(count("dead_lettered")).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAReSentRecordWhenItsSequenceWasAppliedAlready() throws Exception {
        ExperimentSnapshot layer = ConfigRecords.layer("resent-layer");
        append(layer);
        append(layer);
        start();
        step();
        assertThat(count("stale")).isEqualTo(1);
        assertThat(count("applied")).isEqualTo(1);
    }

    @Test
    void shouldServeNewChangesAndKeepUnchangedAssignmentsWhenConfigServiceRestartsItsSequenceUnderANewEpoch()
            throws Exception {
        // given: epoch 0 up to sequence 14, served
        ExperimentSnapshot layerA = at(ConfigRecords.layer("epoch-a"), 10);
        ExperimentSnapshot layerB = at(ConfigRecords.layer("epoch-b"), 11);
        ExperimentSnapshot unchanged = at(ConfigRecords.snapshot(ConfigRecords.experiment("unchanged", "epoch-a",
                5_000, "control", 5_000, "green", 5_000).build(), 1), 12);
        ExperimentSnapshot lost = at(ConfigRecords.snapshot(ConfigRecords.experiment("lost-after-backup", "epoch-b",
                10_000, "only", 10_000).build(), 1), 14);
        for (ExperimentSnapshot s : List.of(layerA, layerB, unchanged, lost)) {
            append(s, 0);
        }
        start();
        step();
        Map<String, String> before = treatments("unchanged", 2_000);
        assertThat(feed.current().version()).isEqualTo(14);

        // when: config-service's database is restored to sequence 12; it republishes its state under epoch 1, drops
        // the key it no longer has, and a new change gets sequence 13
        for (ExperimentSnapshot s : List.of(layerA, layerB, unchanged)) {
            append(s, 1);
        }
        appendTombstone("experiment:lost-after-backup", 1);
        append(at(ConfigRecords.snapshot(ConfigRecords.experiment("after-restore", "epoch-b", 10_000, "new",
                10_000).build(), 1), 13), 1);
        append(at(ConfigRecords.layer("zombie-of-epoch-0"), 99), 0);
        step();

        // then: the new change is served, the lost one gone, the unchanged experiment assigns every session as before
        assertThat(feed.current().version()).isEqualTo(13);
        assertThat(feed.current().experiments()).extracting(e -> e.id())
                .containsExactlyInAnyOrder("unchanged", "after-restore");
        assertThat(treatments("unchanged", 2_000)).isEqualTo(before);
        assertThat(feed.state().epoch()).isEqualTo(1);
        assertThat(feed.state().lastReset()).hasValueSatisfying(r -> {
            assertThat(r.fromSequence()).isEqualTo(14);
            assertThat(r.toSequence()).isEqualTo(10);
            assertThat(r.epoch()).isEqualTo(1);
        });
        assertThat(meters.get("ep.config.sequence.resets").counter().count()).isEqualTo(1);
        assertThat(count("stale")).isEqualTo(1); // the epoch-0 record after epoch 1 began
        assertThat(feed.current().version()).isEqualTo(13);
    }

    // --- fixture

    private void append(ExperimentSnapshot snapshot, long epoch) {
        RecordHeaders headers = new RecordHeaders();
        ConfigLineage.stamp(headers, epoch, new ConfigLineage.Witness(snapshot.getSequence(), "h"));
        log.add(new ConsumerRecord<>(PARTITION.topic(), 0, log.size(), 0L, TimestampType.CREATE_TIME, 0, 0,
                SnapshotConverter.keyOf(snapshot).getBytes(StandardCharsets.UTF_8), encode(snapshot), headers,
                Optional.empty()));
    }

    private void appendTombstone(String key, long epoch) {
        RecordHeaders headers = new RecordHeaders();
        ConfigLineage.stamp(headers, epoch, new ConfigLineage.Witness(1, "h"));
        log.add(new ConsumerRecord<>(PARTITION.topic(), 0, log.size(), 0L, TimestampType.CREATE_TIME, 0, 0,
                key.getBytes(StandardCharsets.UTF_8), null, headers, Optional.empty()));
    }

    private static ExperimentSnapshot at(ExperimentSnapshot snapshot, long sequence) {
        return ExperimentSnapshot.newBuilder(snapshot).setSequence(sequence).build();
    }

    private Map<String, String> treatments(String experimentId, int sessions) {
        Map<String, String> treatments = new java.util.TreeMap<>();
        for (int i = 0; i < sessions; i++) {
            String session = "s-" + i;
            feed.current().assign(new AssignmentRequest(session, null, null, Map.of())).assigned().stream()
                    .filter(a -> a.experimentId().equals(experimentId))
                    .forEach(a -> treatments.put(session, a.treatment().name()));
        }
        assertThat(treatments).isNotEmpty();
        return treatments;
    }

    private void start() {
        consumer.updateEndOffsets(Map.of(PARTITION, (long) log.size()));
        feed = new ConfigFeed(PARTITION.topic(), () -> consumer, new ConfigApplier(this::decode),
                new dev.ep.schemas.failure.DeadLetterWriter(producer, Topics.DLT_ASSIGNMENT_CONFIG.name(),
                        ConfigFeed.CONSUMER_NAME, CLOCK),
                new SnapshotFile(dir.resolve("snapshot.avro")), () -> true, pauses::add, CLOCK, meters, List.of());
    }

    /** One round of the feed, after the broker delivered every record from the consumer's position on. */
    private void step() throws Exception {
        if (!consumer.assignment().isEmpty()) {
            long position = consumer.position(PARTITION);
            log.stream().filter(r -> r.offset() >= position).forEach(consumer::addRecord);
            feed.step();
        } else {
            feed.step(); // assigns and seeks to the beginning; nothing delivered yet
            step();
        }
    }

    private ExperimentSnapshot decode(byte[] bytes) {
        RuntimeException failure = registry.get();
        if (failure != null) {
            throw failure;
        }
        try {
            return ExperimentSnapshot.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot deserialize: " + e.getMessage(), e);
        }
    }

    private static byte[] encode(ExperimentSnapshot snapshot) {
        try {
            ByteBuffer buffer = snapshot.toByteBuffer();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long append(ExperimentSnapshot snapshot) {
        appendRaw(SnapshotConverter.keyOf(snapshot).getBytes(StandardCharsets.UTF_8), encode(snapshot));
        return snapshot.getSequence();
    }

    private void appendRaw(byte[] key, byte[] value) {
        log.add(new ConsumerRecord<>(PARTITION.topic(), 0, log.size(), key, value));
    }

    private static ExperimentSnapshot experiment(String id) {
        return ConfigRecords.snapshot(ConfigRecords.experiment(id, "feed-layer", 10_000, "only", 10_000).build(), 1);
    }

    private String treatment(String session) {
        return feed.current().assign(new AssignmentRequest(session, null, null, Map.of())).assigned().get(0)
                .treatment().name();
    }

    private double count(String outcome) {
        return meters.get("ep.config.records").tag("outcome", outcome).counter().count();
    }
}
