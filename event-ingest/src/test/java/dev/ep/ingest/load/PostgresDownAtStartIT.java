package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.StoppablePostgres;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * PostgreSQL down when the service starts (its own embedded server, initialised and then stopped before the
 * context starts): the service starts anyway, health shows the loader waiting, the timeline answers 503, and once
 * PostgreSQL is started the schema is migrated and every event produced meanwhile is loaded, once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class PostgresDownAtStartIT {

    static final int EVENTS_TOTAL = 500;
    // initialised, then stopped: down when the application starts
    static final StoppablePostgres POSTGRES = StoppablePostgres.create("ingest-down-at-start-pg", false);
    static IngestItSupport.Topics topics;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, POSTGRES);
        registry.add("ep.ingest.backoff.initial", () -> "200ms");
        registry.add("ep.ingest.backoff.max", () -> "1s");
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @AfterAll
    static void removePostgres() {
        POSTGRES.close();
    }

    @Test
    void shouldStartWaitAndThenLoadEverythingWhenPostgresIsDownAtStartAndComesBackLater() throws Exception {
        // given: the application started while PostgreSQL was down
        JsonNode waiting = health();
        assertThat(waiting.get("components").get("db").get("status").asString()).isEqualTo("DOWN");
        assertThat(waiting.get("components").get("loader").get("details").get("start").asString())
                .startsWith("waiting for PostgreSQL since");
        RawReply timeline = RawHttp.send(port, "GET", "/v1/sessions/s-1/timeline",
                "Authorization: Bearer test-viewer-token");
        assertThat(timeline.status()).isEqualTo(503);
        assertThat(json.readTree(timeline.text()).get("code").asString()).isEqualTo("STORE_UNAVAILABLE");

        // when: events arrive meanwhile, then PostgreSQL starts
        Set<String> produced = new HashSet<>();
        try (KafkaProducer<String, SpecificRecord> producer = KafkaFixtures.avroProducer()) {
            Instant time = Instant.now();
            for (int i = 0; i < EVENTS_TOTAL; i++) {
                TrackingEvent event = EventFixtures.order("s-" + (i % 13), time.plusMillis(i), i);
                produced.add(event.getEventId());
                KafkaFixtures.send(producer, topics.events(), event.getSessionId(), event);
            }
        }
        POSTGRES.start();

        // then: migrated, partitions created, every event loaded once, health clear
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM tracking_events", Long.class) == EVENTS_TOTAL);
        assertThat(new HashSet<>(jdbc.queryForList("SELECT event_id FROM tracking_events", String.class)))
                .isEqualTo(produced);
        JsonNode healthy = health();
        assertThat(healthy.get("status").asString()).isEqualTo("UP");
        assertThat(healthy.get("components").get("loader").get("details").has("start")).isFalse();
        assertThat(healthy.get("components").get("loader").get("details").get("ingest-0").asString())
                .isEqualTo("running");
        assertThat(RawHttp.send(port, "GET", "/v1/sessions/s-1/timeline", "Authorization: Bearer test-viewer-token")
                .status()).isEqualTo(200);
    }

    private JsonNode health() {
        return json.readTree(RawHttp.send(port, "GET", "/actuator/health").text());
    }
}
