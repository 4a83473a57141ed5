package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.StoppablePostgres;
import dev.ep.ingest.KafkaFixtures;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL stopped and restarted in the middle of a stream: the loader pauses, backs off, resumes, and every event
 * ends up stored exactly once. Uses its own embedded PostgreSQL (fixed port and data directory) so it can be stopped,
 * instead of the shared test server.
 */
@SpringBootTest
@DirtiesContext
class PostgresOutageIT {

    static final int EVENTS_TOTAL = 3_000;
    static final StoppablePostgres POSTGRES = StoppablePostgres.create("ingest-outage-pg", true);
    static IngestItSupport.Topics topics;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, POSTGRES);
        registry.add("ep.ingest.max-poll-records", () -> "200");
        registry.add("ep.ingest.backoff.initial", () -> "200ms");
        registry.add("ep.ingest.backoff.max", () -> "1s");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @AfterAll
    static void removePostgres() {
        POSTGRES.close();
    }

    @Test
    void shouldLoseAndDoubleNothingWhenPostgresIsStoppedAndRestartedMidStream() throws Exception {
        // given: a producer streaming events at a steady pace
        Set<String> produced = new HashSet<>();
        AtomicInteger sent = new AtomicInteger();
        List<TrackingEvent> events = new ArrayList<>();
        Instant time = Instant.now();
        for (int i = 0; i < EVENTS_TOTAL; i++) {
            TrackingEvent event = EventFixtures.order("s-" + (i % 97), time.plusMillis(i), i);
            events.add(event);
            produced.add(event.getEventId());
        }
        Thread stream = new Thread(() -> {
            try (KafkaProducer<String, SpecificRecord> producer = KafkaFixtures.avroProducer()) {
                for (TrackingEvent event : events) {
                    producer.send(new ProducerRecord<>(topics.events(), event.getSessionId(), event));
                    if (sent.incrementAndGet() % 100 == 0) {
                        producer.flush();
                        Thread.sleep(40); // a stream, not a burst: the outage falls in the middle
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "outage-stream");
        stream.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> stored() >= 300);

        // when: PostgreSQL goes away while events keep coming, and comes back
        POSTGRES.stop();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> meters.get("ep.ingest.paused").gauge().value() >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= EVENTS_TOTAL * 3 / 4);
        POSTGRES.start();
        stream.join(60_000);

        // then
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> stored() == EVENTS_TOTAL);
        assertThat(new HashSet<>(jdbc.queryForList("SELECT event_id FROM tracking_events", String.class)))
                .isEqualTo(produced);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tracking_events", Long.class)).isEqualTo(EVENTS_TOTAL);
        assertThat(meters.get("ep.ingest.retries").tag("cause", "store").counter().count()).isPositive();
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("ep.ingest.paused").gauge().value() == 0);
        assertThat(KafkaFixtures.readAll(topics.deadLetter(), 1, Duration.ofSeconds(2))).isEmpty();
    }

    private long stored() {
        return jdbc.queryForObject("SELECT count(*) FROM tracking_events", Long.class);
    }
}
