package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.schemas.failure.DeadLetterHeaders;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Loading against a real KRaft broker, the project's registry and PostgreSQL 15. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class LoadingIT {

    static final Database DB = TestPlatform.postgres().newDatabase("event_ingest");
    static IngestItSupport.Topics topics;
    static KafkaProducer<String, SpecificRecord> producer;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, DB);
        registry.add("ep.kafka.retention.events-ms", () -> "172800000");
        registry.add("ep.kafka.retention.dead-letters-ms", () -> "-1");
        registry.add("ep.kafka.retention.topics", () -> topics.coverage() + "=3600000");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;
    @Autowired
    IngestLoader loader;

    @BeforeAll
    static void producer() {
        producer = KafkaFixtures.avroProducer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void shouldStoreEveryFieldOfEveryEventTypeWhenProduced() {
        // given
        String session = "s-" + EventFixtures.id();
        Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AssignmentDecision decision = EventFixtures.decision(session, time);
        CoverageEvent coverage = EventFixtures.coverage(session, time.plusMillis(10));
        TrackingEvent order = EventFixtures.order(session, time.plusMillis(20), 12_345);
        TrackingEvent custom = EventFixtures.custom(session, time.plusMillis(30), "newsletter-signup");

        // when
        KafkaFixtures.send(producer, topics.assignments(), session, decision);
        KafkaFixtures.send(producer, topics.coverage(), session, coverage);
        KafkaFixtures.send(producer, topics.events(), session, order);
        KafkaFixtures.send(producer, topics.events(), session, custom);

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> count("tracking_events", session) == 2
                && count("decisions", session) == 1 && count("coverage", session) == 1);
        Map<String, Object> d = jdbc.queryForMap("SELECT * FROM decisions WHERE session_id = ?", session);
        assertThat(d).containsEntry("event_id", decision.getEventId())
                .containsEntry("event_date", java.sql.Date.valueOf(LocalDate.ofInstant(time, ZoneOffset.UTC)))
                .containsEntry("user_id", "user-1").containsEntry("page", "/checkout")
                .containsEntry("config_version", 42L).containsEntry("holdout", false)
                .containsEntry("experiment_count", 2).containsEntry("holdout_unit_type", "USER")
                .containsEntry("holdout_unit_id", "user-1").containsEntry("holdout_basis_points", 500);
        assertThat(instant(d.get("event_time"))).isEqualTo(time);
        assertThat(jdbc.queryForObject("SELECT attributes = '{\"country\":\"DE\",\"device\":\"mobile\"}'::jsonb "
                + "FROM decisions WHERE session_id = ?", Boolean.class, session)).isTrue();
        List<Map<String, Object>> experiments = jdbc.queryForList(
                "SELECT * FROM decision_experiments WHERE session_id = ? ORDER BY position", session);
        assertThat(experiments).hasSize(2);
        assertThat(experiments.get(0)).containsEntry("event_id", decision.getEventId())
                .containsEntry("position", 0).containsEntry("user_id", "user-1")
                .containsEntry("layer_id", "layer-a").containsEntry("experiment_id", "exp-button")
                .containsEntry("experiment_version", 3).containsEntry("phase", 1)
                .containsEntry("treatment", "green").containsEntry("bucket", 1234).containsEntry("slot", 5678)
                .containsEntry("forced", false).containsEntry("unit_type", "SESSION").containsEntry("unit_id", session);
        assertThat(experiments.get(1)).containsEntry("experiment_id", "exp-price").containsEntry("slot", null)
                .containsEntry("forced", true).containsEntry("treatment", "control").containsEntry("bucket", 17)
                .containsEntry("unit_type", "USER").containsEntry("unit_id", "user-1");

        Map<String, Object> c = jdbc.queryForMap("SELECT * FROM coverage WHERE session_id = ?", session);
        assertThat(c).containsEntry("event_id", coverage.getEventId()).containsEntry("user_id", "user-1")
                .containsEntry("layer_id", "layer-a").containsEntry("experiment_id", "exp-button")
                .containsEntry("experiment_version", 3).containsEntry("phase", 1)
                .containsEntry("treatment", "green").containsEntry("slot", 5678).containsEntry("forced", false)
                .containsEntry("page", "/checkout").containsEntry("config_version", 42L)
                .containsEntry("unit_type", "SESSION").containsEntry("unit_id", session).containsEntry("bucket", 1234)
                .containsEntry("exposure_key", "exp-button/1/SESSION/" + session);
        assertThat(instant(c.get("event_time"))).isEqualTo(time.plusMillis(10));
        assertThat(instant(c.get("decision_time"))).isEqualTo(time.minusMillis(40));

        Map<String, Object> o = jdbc.queryForMap("SELECT * FROM tracking_events WHERE event_id = ?",
                order.getEventId());
        assertThat(o).containsEntry("session_id", session).containsEntry("user_id", "user-1")
                .containsEntry("type", "ORDER").containsEntry("name", null).containsEntry("page", "/thank-you")
                .containsEntry("value_minor", 12_345L).containsEntry("currency", "EUR")
                .containsEntry("order_id", order.getOrderId());
        assertThat(instant(o.get("event_time"))).isEqualTo(time.plusMillis(20));
        assertThat(instant(o.get("received_time"))).isEqualTo(time.plusMillis(45));
        assertThat(jdbc.queryForObject("SELECT properties ->> 'note' FROM tracking_events WHERE event_id = ?",
                String.class, order.getEventId())).isEqualTo("tab\there \"quoted\" \\ back\nslash");
        Map<String, Object> u = jdbc.queryForMap("SELECT * FROM tracking_events WHERE event_id = ?",
                custom.getEventId());
        assertThat(u).containsEntry("type", "CUSTOM").containsEntry("name", "newsletter-signup")
                .containsEntry("value_minor", null).containsEntry("currency", null).containsEntry("order_id", null);
    }

    @Test
    void shouldStoreNullWhereRecordsOfAnOlderWriterLackTheNewFields() {
        // given: decision and coverage with the issue-8 fields at their Avro defaults
        String session = "s-" + EventFixtures.id();
        Instant time = Instant.now();

        // when
        KafkaFixtures.send(producer, topics.assignments(), session, EventFixtures.legacyDecision(session, time));
        KafkaFixtures.send(producer, topics.coverage(), session, EventFixtures.legacyCoverage(session, time));

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> count("decisions", session) == 1
                && count("coverage", session) == 1);
        assertThat(jdbc.queryForMap("SELECT * FROM decisions WHERE session_id = ?", session))
                .containsEntry("holdout_unit_type", "SESSION").containsEntry("holdout_unit_id", null)
                .containsEntry("holdout_basis_points", 0);
        assertThat(jdbc.queryForList("SELECT unit_type, unit_id FROM decision_experiments WHERE session_id = ?",
                session)).hasSize(2).allSatisfy(e -> assertThat(e.values()).containsOnlyNulls());
        assertThat(jdbc.queryForMap("SELECT unit_type, unit_id, bucket, exposure_key, decision_time FROM coverage "
                + "WHERE session_id = ?", session).values()).containsOnlyNulls();
    }

    @Test
    void shouldDeadLetterWithReasonValidationWhenAnIdIsOutsideTheIdGrammar() {
        // given: ids the old 256-character, anything-but-NUL check let through
        String session = "s-" + EventFixtures.id();
        Instant time = Instant.now();
        TrackingEvent badOrderId = TrackingEvent.newBuilder(EventFixtures.order(session, time, 1)).setOrderId("o 1")
                .build();
        TrackingEvent badUserId = TrackingEvent.newBuilder(EventFixtures.order(session, time, 2))
                .setUserId("u".repeat(129)).build();
        TrackingEvent good = EventFixtures.order(session, time, 3);

        // when
        KafkaFixtures.send(producer, topics.events(), session, badOrderId);
        KafkaFixtures.send(producer, topics.events(), session, badUserId);
        KafkaFixtures.send(producer, topics.events(), session, good);

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> count("tracking_events", session) == 1);
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaFixtures.readAll(topics.deadLetter(), 2, Duration.ofSeconds(30))
                .stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(session)).toList();
        assertThat(dead).hasSize(2).allSatisfy(r -> assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("validation"));
        assertThat(dead).extracting(r -> header(r, DeadLetterHeaders.MESSAGE)).containsExactlyInAnyOrder(
                "orderId may contain only letters, digits and . _ : @ ~ + = / -; found U+0020 at position 1",
                "userId must be 1 to 128 characters long, got 129");
    }

    @Test
    void shouldCreateItsTopicsWithTheConfiguredRetention() throws Exception {
        // given: ep.kafka.retention.* set above (2 days for events, forever for dead letters, 1 hour for coverage)
        try (Admin admin = IngestItSupport.admin()) {
            // when
            List<ConfigResource> resources = List.of(topics.assignments(), topics.coverage(), topics.events(),
                            topics.deadLetter()).stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();

            // then
            assertThat(resources).extracting(t -> configs.get(t).get("retention.ms").value())
                    .containsExactly("172800000", "3600000", "172800000", "-1");
        }
    }

    @Test
    void shouldNotDuplicateWhenTheSameRecordsAreProducedAgain() {
        // given
        String session = "s-" + EventFixtures.id();
        Instant time = Instant.now();
        List<SpecificRecord> events = List.of(EventFixtures.decision(session, time),
                EventFixtures.coverage(session, time), EventFixtures.order(session, time, 100));
        produce(session, events);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("tracking_events", session) == 1
                && count("decisions", session) == 1 && count("coverage", session) == 1);
        double duplicatesBefore = duplicates();

        // when
        produce(session, events);

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() >= duplicatesBefore + 3);
        assertThat(count("decisions", session)).isEqualTo(1);
        assertThat(count("decision_experiments", session)).isEqualTo(2);
        assertThat(count("coverage", session)).isEqualTo(1);
        assertThat(count("tracking_events", session)).isEqualTo(1);
    }

    @Test
    void shouldNotDuplicateWhenOffsetsAreResetAndEverythingIsRedelivered() throws Exception {
        // given
        String session = "s-" + EventFixtures.id();
        Instant time = Instant.now();
        for (int i = 0; i < 50; i++) {
            producer.send(new ProducerRecord<>(topics.events(), session, EventFixtures.order(session, time.plusMillis(i), i)));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> count("tracking_events", session) == 50);
        long rowsBefore = jdbc.queryForObject("SELECT (SELECT count(*) FROM decisions) + (SELECT count(*) FROM "
                + "decision_experiments) + (SELECT count(*) FROM coverage) + (SELECT count(*) FROM tracking_events)",
                Long.class);
        loader.stop();
        long committed = resetOffsetsToEarliest();
        double duplicatesBefore = duplicates();

        // when
        loader.start();

        // then: every committed record is read again; all of them were already stored
        await().atMost(Duration.ofSeconds(60)).until(() -> duplicates() >= duplicatesBefore + committedLoaded(committed));
        assertThat(jdbc.queryForObject("SELECT (SELECT count(*) FROM decisions) + (SELECT count(*) FROM "
                + "decision_experiments) + (SELECT count(*) FROM coverage) + (SELECT count(*) FROM tracking_events)",
                Long.class)).isEqualTo(rowsBefore);
        assertThat(count("tracking_events", session)).isEqualTo(50);
    }

    @Test
    void shouldDeadLetterPoisonRecordsWithTheirReasonWhileTheRecordsAroundThemLoad() {
        // given
        String session = "s-" + EventFixtures.id();
        Instant time = Instant.now();
        TrackingEvent before = EventFixtures.order(session, time, 1);
        TrackingEvent invalid = TrackingEvent.newBuilder(EventFixtures.order(session, time, 2)).setCurrency("euro")
                .build();
        TrackingEvent after = EventFixtures.order(session, time, 3);
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);

        // when: all on one partition (same key), poison in the middle
        try (KafkaProducer<byte[], byte[]> raw = KafkaFixtures.rawProducer()) {
            KafkaFixtures.send(producer, topics.events(), session, before);
            raw.send(new ProducerRecord<>(topics.events(), session.getBytes(StandardCharsets.UTF_8), garbage));
            raw.flush();
            KafkaFixtures.send(producer, topics.events(), session, invalid);
            KafkaFixtures.send(producer, topics.events(), session, after);
        }

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> count("tracking_events", session) == 2);
        assertThat(jdbc.queryForList("SELECT event_id FROM tracking_events WHERE session_id = ?", String.class,
                session)).containsExactlyInAnyOrder(before.getEventId(), after.getEventId());
        List<ConsumerRecord<byte[], byte[]>> dead = KafkaFixtures.readAll(topics.deadLetter(), 2, Duration.ofSeconds(30))
                .stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(session)).toList();
        assertThat(dead).hasSize(2);
        ConsumerRecord<byte[], byte[]> decodeFailure = dead.stream()
                .filter(r -> header(r, DeadLetterHeaders.REASON).equals("decode")).findFirst().orElseThrow();
        assertThat(decodeFailure.value()).isEqualTo(garbage);
        assertThat(header(decodeFailure, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(topics.events());
        assertThat(header(decodeFailure, DeadLetterHeaders.EXCEPTION))
                .isEqualTo("org.apache.kafka.common.errors.SerializationException");
        assertThat(header(decodeFailure, DeadLetterHeaders.MESSAGE)).contains("magic byte");
        int partition = Integer.parseInt(header(decodeFailure, DeadLetterHeaders.ORIGINAL_PARTITION));
        long offset = Long.parseLong(header(decodeFailure, DeadLetterHeaders.ORIGINAL_OFFSET));
        assertThat(header(decodeFailure, DeadLetterHeaders.CONSUMER)).isNotBlank();
        assertThat(decodeFailure.partition()).isEqualTo(partition);
        assertThat(offset).isGreaterThanOrEqualTo(1);
        ConsumerRecord<byte[], byte[]> validationFailure = dead.stream()
                .filter(r -> header(r, DeadLetterHeaders.REASON).equals("validation")).findFirst().orElseThrow();
        assertThat(header(validationFailure, DeadLetterHeaders.MESSAGE)).contains("currency");
        assertThat(Long.parseLong(header(validationFailure, DeadLetterHeaders.ORIGINAL_OFFSET))).isEqualTo(offset + 1);
        // counted once the batch's offsets are committed, just after its rows and dead letters are visible
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            assertThat(meters.get("ep.ingest.dead.letters").tag("topic", topics.events()).tag("reason", "decode")
                    .counter().count()).isGreaterThanOrEqualTo(1);
            assertThat(meters.get("ep.ingest.dead.letters").tag("topic", topics.events()).tag("reason", "validation")
                    .counter().count()).isGreaterThanOrEqualTo(1);
        });
    }

    private void produce(String session, List<SpecificRecord> events) {
        for (SpecificRecord event : events) {
            String topic = event instanceof AssignmentDecision ? topics.assignments()
                    : event instanceof CoverageEvent ? topics.coverage() : topics.events();
            KafkaFixtures.send(producer, topic, session, event);
        }
    }

    /** Moves the group back to the start of every partition; returns how many records it had committed. */
    private long resetOffsetsToEarliest() throws Exception {
        try (Admin admin = IngestItSupport.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(topics.group())
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            committed.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            long records = 0;
            for (var e : admin.listOffsets(earliest).all().get().entrySet()) {
                reset.put(e.getKey(), new OffsetAndMetadata(e.getValue().offset()));
                records += committed.get(e.getKey()).offset() - e.getValue().offset();
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                admin.alterConsumerGroupOffsets(topics.group(), reset).all().get();
                return true;
            });
            return records;
        }
    }

    /** Of {@code committed} records, those that were loaded (the rest went to the dead-letter topic). */
    private double committedLoaded(long committed) {
        double deadLettered = meters.find("ep.ingest.dead.letters").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        return committed - deadLettered;
    }

    private double duplicates() {
        return meters.get("ep.ingest.duplicates").counter().count();
    }

    private long count(String table, String session) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE session_id = ?", Long.class, session);
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return ((OffsetDateTime) timestamp).toInstant();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
