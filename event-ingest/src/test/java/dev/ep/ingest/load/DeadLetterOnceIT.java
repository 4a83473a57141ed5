package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A batch with a poison record is retried many times because PostgreSQL refuses the batch after the dead letter was
 * sent (the table is renamed away, a fault the loader retries with back-off): the poison record is dead-lettered
 * once, not once per retry, and the batch loads once the table is back.
 */
@SpringBootTest
@DirtiesContext
class DeadLetterOnceIT {

    static final Database DB = TestPlatform.postgres().newDatabase("event_ingest");
    static IngestItSupport.Topics topics;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, DB);
        registry.add("ep.ingest.provision-topics", () -> "false");
        registry.add("ep.ingest.consumers", () -> "1");
        registry.add("ep.ingest.backoff.initial", () -> "100ms");
        registry.add("ep.ingest.backoff.max", () -> "200ms");
        IngestItSupport.createTopics(topics.assignments(), topics.coverage(), topics.events(), topics.deadLetter());
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void shouldDeadLetterAPoisonRecordOnceWhenItsBatchIsRetriedManyTimes() throws Exception {
        // given: the loader has run (today's partitions exist) and the table then goes away
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_class WHERE relname LIKE 'tracking_events_p%'", Long.class) > 0);
        jdbc.execute("ALTER TABLE tracking_events RENAME TO tracking_events_away");
        String session = "s-" + EventFixtures.id();
        TrackingEvent before = EventFixtures.order(session, Instant.now(), 1);
        TrackingEvent after = EventFixtures.order(session, Instant.now(), 2);
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, SpecificRecord> avro = KafkaFixtures.avroProducer();
             KafkaProducer<byte[], byte[]> raw = KafkaFixtures.rawProducer()) {
            KafkaFixtures.send(avro, topics.events(), session, before);
            raw.send(new ProducerRecord<>(topics.events(), session.getBytes(StandardCharsets.UTF_8), garbage)).get();
            KafkaFixtures.send(avro, topics.events(), session, after);
        }

        // when: the batch (poison record dead-lettered, then the write fails) is retried several times
        await().atMost(Duration.ofSeconds(60)).until(() -> retries("store") >= 5);
        assertThat(committed()).isZero();
        jdbc.execute("ALTER TABLE tracking_events_away RENAME TO tracking_events");

        // then: the batch loads, and the dead-letter topic holds the poison record once
        await().atMost(Duration.ofSeconds(60)).until(() -> committed() == 3);
        assertThat(jdbc.queryForList("SELECT event_id FROM tracking_events WHERE session_id = ?", String.class,
                session)).containsExactlyInAnyOrder(before.getEventId(), after.getEventId());
        assertThat(deadLetterCount()).isEqualTo(1);
        assertThat(KafkaFixtures.readAll(topics.deadLetter(), 1, Duration.ofSeconds(30)).get(0).value()).isEqualTo(garbage);
        // counted just after the offsets are committed: wait for the count, then check it stays at one
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> meters.get("ep.ingest.dead.letters")
                .tag("topic", topics.events()).tag("reason", "decode").counter().count() >= 1);
        assertThat(meters.get("ep.ingest.dead.letters").tag("topic", topics.events()).tag("reason", "decode").counter()
                .count()).isEqualTo(1);
    }

    private double retries(String cause) {
        Counter counter = meters.find("ep.ingest.retries").tag("cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Records in the (one-partition) dead-letter topic: its end offset. */
    private static long deadLetterCount() throws Exception {
        try (Admin admin = IngestItSupport.admin()) {
            TopicPartition partition = new TopicPartition(topics.deadLetter(), 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        }
    }

    private static long committed() throws Exception {
        try (Admin admin = IngestItSupport.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(topics.group())
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topics.events(), 0));
            return offset == null ? 0 : offset.offset();
        }
    }
}
