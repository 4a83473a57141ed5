package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.schemas.failure.DeadLetterHeaders;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The dead-letter topic cannot be written (it does not exist; the broker does not create topics): a poison record is
 * neither dropped nor skipped. Its batch is retried with back-off, its offset is not committed, and once the topic
 * exists the poison record lands there and the records around it load.
 */
@SpringBootTest
@DirtiesContext
class DeadLetterOutageIT {

    static final Database DB = TestPlatform.postgres().newDatabase("event_ingest");
    static IngestItSupport.Topics topics;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, DB);
        registry.add("ep.ingest.provision-topics", () -> "false");
        registry.add("ep.ingest.backoff.initial", () -> "200ms");
        registry.add("ep.ingest.backoff.max", () -> "1s");
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> "1000");
        // no dead-letter topic yet: the broker does not create topics
        IngestItSupport.createTopics(topics.assignments(), topics.coverage(), topics.events());
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void shouldRetryAndCommitNothingPastAPoisonRecordWhenTheDeadLetterTopicCannotBeWritten() throws Exception {
        // given: a poison record between two good ones, one partition
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

        // when: the dead-letter topic does not exist
        await().atMost(Duration.ofSeconds(30)).until(() -> retries("dead_letter_topic") >= 2);

        // then: the loader waits; nothing is committed past the poison record, nothing counted as dead-lettered
        assertThat(committed()).isLessThanOrEqualTo(1);
        assertThat(meters.find("ep.ingest.dead.letters").counters()).isEmpty();

        // when: the topic appears
        try (Admin admin = IngestItSupport.admin()) {
            admin.createTopics(List.of(new NewTopic(topics.deadLetter(), 1, (short) 1))).all().get();
        }

        // then: the poison record is dead-lettered once the batch is retried, its neighbours load, all committed
        await().atMost(Duration.ofSeconds(60)).until(() -> committed() == 3);
        assertThat(jdbc.queryForList("SELECT event_id FROM tracking_events WHERE session_id = ?", String.class,
                session)).containsExactlyInAnyOrder(before.getEventId(), after.getEventId());
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaFixtures.readAll(topics.deadLetter(), 1, Duration.ofSeconds(30));
        assertThat(dead).isNotEmpty().allSatisfy(record -> {
            assertThat(record.value()).isEqualTo(garbage);
            assertThat(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.ORIGINAL_OFFSET)).contains("1");
        });
        // counted just after the offsets are committed: wait for the count, then check it stays at one
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> meters.get("ep.ingest.dead.letters")
                .tag("topic", topics.events()).tag("reason", "decode").counter().count() >= 1);
        assertThat(meters.get("ep.ingest.dead.letters").tag("topic", topics.events()).tag("reason", "decode").counter()
                .count()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("ep.ingest.paused").gauge().value() == 0);
    }

    private double retries(String cause) {
        Counter counter = meters.find("ep.ingest.retries").tag("cause", cause).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The group's committed offset on the events partition (0 when nothing is committed yet). */
    private static long committed() throws Exception {
        try (Admin admin = IngestItSupport.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(topics.group())
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topics.events(), 0));
            return offset == null ? 0 : offset.offset();
        }
    }
}
