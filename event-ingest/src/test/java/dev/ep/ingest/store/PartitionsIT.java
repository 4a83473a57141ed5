package dev.ep.ingest.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Daily partitions: created ahead at start, on demand for any day, dropped by the scheduled retention job. */
@SpringBootTest
@DirtiesContext
class PartitionsIT {

    static final Database DB = TestPlatform.postgres().newDatabase("event_ingest");
    static final int RETENTION_DAYS = 30;
    static IngestItSupport.Topics topics;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, DB);
        registry.add("ep.ingest.partitions.days-ahead", () -> "7");
        registry.add("ep.ingest.partitions.retention-days", () -> Integer.toString(RETENTION_DAYS));
        registry.add("ep.ingest.partitions.maintenance-interval", () -> "500ms");
    }

    @Autowired
    PartitionManager partitions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void shouldHavePartitionsFromYesterdayToSevenDaysAheadInEveryTableWhenStarted() throws Exception {
        // when
        Map<String, Set<LocalDate>> existing = partitions.existing();

        // then
        assertThat(existing.keySet()).containsExactlyInAnyOrder("decisions", "decision_experiments", "coverage",
                "tracking_events");
        for (Set<LocalDate> days : existing.values()) {
            assertThat(days).containsAll(PartitionPlan.ahead(today(), 7));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_indexes WHERE tablename = ?", Long.class,
                PartitionPlan.name("tracking_events", today().plusDays(7))))
                .as("primary key and session index on the partition").isEqualTo(2);
    }

    @Test
    void shouldStoreLateAndEarlyEventsWhenTheirDayHasNoPartitionYet() throws Exception {
        // given: days outside the created-ahead range
        String session = "s-" + EventFixtures.id();
        Instant late = Instant.now().minus(Duration.ofDays(20));
        Instant early = Instant.now().plus(Duration.ofDays(45));
        assertThat(partitions.existing().get("tracking_events")).doesNotContain(day(late), day(early));
        TrackingEvent lateEvent = EventFixtures.order(session, late, 1);
        TrackingEvent earlyEvent = EventFixtures.order(session, early, 2);

        // when
        try (KafkaProducer<String, SpecificRecord> producer = KafkaFixtures.avroProducer()) {
            KafkaFixtures.send(producer, topics.events(), session, lateEvent);
            KafkaFixtures.send(producer, topics.events(), session, earlyEvent);
        }

        // then
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM tracking_events WHERE session_id = ?", Long.class, session) == 2);
        assertThat(jdbc.queryForObject("SELECT event_date FROM " + PartitionPlan.name("tracking_events", day(late))
                + " WHERE event_id = ?", LocalDate.class, lateEvent.getEventId())).isEqualTo(day(late));
        assertThat(partitions.existing().get("decisions")).contains(day(late), day(early));
    }

    @Test
    void shouldDropPartitionsOlderThanRetentionWhenTheScheduledJobRuns() throws Exception {
        // given: partitions of a day past retention, with a row in it, and of the oldest day kept
        LocalDate expired = today().minusDays(RETENTION_DAYS + 1);
        LocalDate kept = today().minusDays(RETENTION_DAYS);
        // (the job runs every 500 ms and may drop the expired partition between its creation and the insert: then
        // both are done again, until the row is in)
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            partitions.ensure(Set.of(expired, kept));
            return jdbc.update("INSERT INTO coverage (event_id, event_date, event_time, session_id, layer_id, "
                    + "experiment_id, experiment_version, phase, treatment, forced, config_version) VALUES ('old', ?, ?, "
                    + "'s', 'l', 'e', 1, 0, 't', false, 1) ON CONFLICT DO NOTHING", expired,
                    java.sql.Timestamp.from(expired.atStartOfDay(ZoneOffset.UTC).toInstant())) == 1;
        });

        // when: the job runs every 500 ms in this test
        await().atMost(Duration.ofSeconds(30)).until(() -> partitions.existing().values().stream()
                .noneMatch(days -> days.contains(expired)));

        // then
        Map<String, Set<LocalDate>> existing = partitions.existing();
        existing.values().forEach(days -> assertThat(days).contains(kept, today()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM coverage WHERE event_id = 'old'", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class,
                PartitionPlan.name("coverage", expired))).isTrue();
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
