package dev.ep.config.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.ep.config.support.Commands;
import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Records;
import dev.ep.config.support.ServiceInstance;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transactional outbox across restarts: whatever was committed while no relay ran is published by the next
 * leader, in sequence order, exactly once per sequence; a batch Kafka acknowledged but the relay never marked is sent
 * again, identical and in order, so a consumer that skips sequences it already applied loses and doubles nothing.
 */
class OutboxRelayIT {

    @Test
    void shouldPublishEverythingInOrderWhenTheRelayRestartsBetweenCommitAndPublish() {
        // given: a service whose relay is down commits a whole lifecycle (the bootstrap layer + 7 events)
        Database db = TestPlatform.postgres().newDatabase("config_relay");
        ConfigTopics topics = ConfigTopics.unique();
        try (ServiceInstance writer = ServiceInstance.start(db, topics, false)) {
            Commands.lifecycle(writer.store(), "checkout", "button-colour");
            assertThat(unpublished(writer)).isEqualTo(8);
        }

        // when: the service comes back with its relay, a second instance starts beside it, and more is committed
        try (ServiceInstance first = ServiceInstance.start(db, topics, true);
                ServiceInstance second = ServiceInstance.start(db, topics, true)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(first) == 0);
            Commands.lifecycle(first.store(), "search", "ranking");
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(first) == 0);
            // exactly one of them is the relay leader
            await().atMost(Duration.ofSeconds(30)).until(() -> leader(first) ^ leader(second));
            ServiceInstance leader = leader(first) ? first : second;
            ServiceInstance standby = leader == first ? second : first;

            // and: more commits, then the leader goes away before (or while) publishing them
            Commands.lifecycle(standby.store(), "home", "hero-banner");
            leader.close();

            // the standby takes over, publishes what is left and what is committed after the leader went away
            await().atMost(Duration.ofSeconds(30)).until(() -> leader(standby));
            Commands.lifecycle(standby.store(), "search-box", "autocomplete");
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(standby) == 0);
        }

        // then: both topics hold sequences 1..29 exactly once, in order
        List<ConsumerRecord<String, ExperimentChange>> changes = Records.readAtLeast(topics.changes(), 29);
        List<ConsumerRecord<String, ExperimentSnapshot>> snapshots = Records.readAtLeast(topics.experiments(), 29);
        List<Long> expected = LongStream.rangeClosed(1, 29).boxed().toList();
        assertThat(changes).extracting(r -> r.value().getSequence()).containsExactlyElementsOf(expected);
        assertThat(snapshots).extracting(r -> r.value().getSequence()).containsExactlyElementsOf(expected);
        assertThat(changes.get(7).value().getChangeType().name()).isEqualTo("EXPERIMENT_STOPPED");
        assertThat(changes.get(7).key()).isEqualTo("experiment:button-colour");
        assertThat(snapshots.get(7).value().getExperiment().getStatus().name()).isEqualTo("STOPPED");
        // the hash chain continues across instances: every change links to the one before
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).value().getPreviousHash()).isEqualTo(changes.get(i - 1).value().getHash());
        }
    }

    @Test
    void shouldResendTheSameRecordsInSequenceOrderWhenTheMarksOfAnAcknowledgedBatchWereLost() throws Exception {
        // given: a lifecycle (sequences 1..8) published and marked
        Database db = TestPlatform.postgres().newDatabase("config_relay_resend");
        ConfigTopics topics = ConfigTopics.unique();
        try (ServiceInstance service = ServiceInstance.start(db, topics, true)) {
            Commands.lifecycle(service.store(), "checkout", "button-colour");
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(service) == 0);
        }
        List<ConsumerRecord<String, ExperimentSnapshot>> firstRun = Records.readAtLeast(topics.experiments(), 8);

        // when: Kafka had acknowledged 4..8 but the relay died before marking them, then it comes back
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE config_outbox SET published_at = NULL WHERE sequence >= 4");
        }
        try (ServiceInstance service = ServiceInstance.start(db, topics, true)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(service) == 0);
            Commands.lifecycle(service.store(), "search", "ranking");
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(service) == 0);
        }

        // then: 4..8 were sent once more, in order and identical, before anything newer
        List<ConsumerRecord<String, ExperimentChange>> changes = Records.readAtLeast(topics.changes(), 20);
        List<ConsumerRecord<String, ExperimentSnapshot>> snapshots = Records.readAtLeast(topics.experiments(), 20);
        List<Long> expected = new ArrayList<>(LongStream.rangeClosed(1, 8).boxed().toList());
        expected.addAll(LongStream.rangeClosed(4, 15).boxed().toList());
        assertThat(changes).extracting(r -> r.value().getSequence()).containsExactlyElementsOf(expected);
        assertThat(snapshots).extracting(r -> r.value().getSequence()).containsExactlyElementsOf(expected);
        // (compared as Avro binary: byte-identical is the claim)
        for (int i = 3; i < 8; i++) {
            assertThat(snapshots.get(i + 5).key()).isEqualTo(firstRun.get(i).key());
            assertThat(binary(snapshots.get(i + 5).value().toByteBuffer()))
                    .isEqualTo(binary(firstRun.get(i).value().toByteBuffer()));
            assertThat(binary(changes.get(i + 5).value().toByteBuffer()))
                    .isEqualTo(binary(changes.get(i).value().toByteBuffer()));
        }
        // and: a consumer that applies records strictly by sequence sees every change exactly once, in order
        List<Long> applied = new ArrayList<>();
        for (ConsumerRecord<String, ExperimentSnapshot> r : snapshots) {
            long sequence = r.value().getSequence();
            if (applied.isEmpty() || sequence > applied.get(applied.size() - 1)) {
                applied.add(sequence);
            }
        }
        assertThat(applied).containsExactlyElementsOf(LongStream.rangeClosed(1, 15).boxed().toList());
    }

    @Test
    void shouldPublishNothingMoreFromTheOldLeaderWhenOnlyItsLockSessionIsTerminated() throws Exception {
        // given: a backlog of 701 changes committed while no relay ran, hidden (marked published) for a moment
        Database db = TestPlatform.postgres().newDatabase("config_relay_fence");
        ConfigTopics topics = ConfigTopics.unique();
        int lifecycles = 100;
        long total = 1 + 7L * lifecycles;
        try (ServiceInstance writer = ServiceInstance.start(db, topics, false)) {
            for (int i = 0; i < lifecycles; i++) {
                Commands.lifecycle(writer.store(), "fence-layer-" + i, "fence-" + i);
            }
        }
        setPublished(db, true);
        // and: two relays publishing one row per batch, one of them the leader
        Map<String, String> settings = Map.of("ep.config.security.dev-tokens", "true",
                "ep.config.relay.batch-size", "1");
        try (ServiceInstance first = ServiceInstance.start(db, topics, true, settings);
                ServiceInstance second = ServiceInstance.start(db, topics, true, settings)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader(first) ^ leader(second));

            // when: the backlog appears at once, the leader starts on it, and only its lock session is killed
            setPublished(db, false);
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(first) < total);
            assertThat(terminateLockSession(db)).isEqualTo(1);
            long left = unpublished(first);
            assertThat(left).as("the lock must die while the leader is still publishing").isGreaterThan(100);
            await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(first) == 0);
        }

        // then: every sequence is published, and for every key the last record (the one compaction keeps) is the
        // newest: the old leader sent nothing after the new one started, at most the one batch in flight again
        List<ConsumerRecord<String, ExperimentSnapshot>> snapshots = Records.readUntil(topics.experiments(),
                records -> records.stream().map(r -> r.value().getSequence()).distinct().count() == total);
        List<ConsumerRecord<String, ExperimentChange>> changes = Records.readUntil(topics.changes(),
                records -> records.stream().map(r -> r.value().getSequence()).distinct().count() == total);
        assertNewestLastPerKey(snapshots.stream().map(r -> Map.entry(r.key(), r.value().getSequence())).toList());
        assertNewestLastPerKey(changes.stream().map(r -> Map.entry(r.key(), r.value().getSequence())).toList());
    }

    private static void setPublished(Database db, boolean published) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE config_outbox SET published_at = " + (published ? "now()" : "NULL"));
        }
    }

    /** Per key, in offset order: the last sequence is the highest, and the sequences go back at most once. */
    private static void assertNewestLastPerKey(List<Map.Entry<String, Long>> records) {
        Map<String, List<Long>> byKey = new LinkedHashMap<>();
        records.forEach(r -> byKey.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(r.getValue()));
        byKey.forEach((key, sequences) -> {
            assertThat(sequences.get(sequences.size() - 1)).as(key + " " + sequences)
                    .isEqualTo(sequences.stream().mapToLong(Long::longValue).max().orElseThrow());
            long rewinds = IntStream.range(1, sequences.size())
                    .filter(i -> sequences.get(i) < sequences.get(i - 1)).count();
            assertThat(rewinds).as(key + " " + sequences).isLessThanOrEqualTo(1);
        });
    }

    /** Terminates the backend holding the relay's advisory lock in this database; how many were terminated. */
    private static int terminateLockSession(Database db) throws Exception {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement("SELECT count(pg_terminate_backend(pid))"
                + " FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND classid::bigint = ? AND objid::bigint = ?")) {
            s.setLong(1, OutboxRelay.LEADER_LOCK >>> 32);
            s.setLong(2, OutboxRelay.LEADER_LOCK & 0xffffffffL);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The Avro binary encoding of a record ({@code toByteBuffer()} of the generated class). */
    private static byte[] binary(ByteBuffer encoded) {
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static boolean leader(ServiceInstance instance) {
        return instance.bean(OutboxRelay.class).isLeader();
    }

    private static long unpublished(ServiceInstance instance) {
        Long n = instance.bean(JdbcTemplate.class)
                .queryForObject("SELECT count(*) FROM config_outbox WHERE published_at IS NULL", Long.class);
        return n == null ? -1 : n;
    }
}
