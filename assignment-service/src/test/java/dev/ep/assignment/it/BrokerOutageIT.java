package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.schemas.Topics;
import dev.ep.testsupport.KafkaBrokerProcess;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TopicReader;
import dev.ep.testsupport.TestPlatformProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events are never lost and the storefront is never blocked: with the service's own broker stopped, assign and
 * events calls still succeed, the events land in the local spill journal, and once the broker is back every event
 * reaches Kafka (at least once; copies carry the same event id).
 */
@SpringBootTest(classes = AssignmentServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerOutageIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static KafkaBrokerProcess broker;
    private static Path dataDir;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        broker = KafkaBrokerProcess.start();
        dataDir = Files.createTempDirectory("assignment-outage-it");
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
        TestPlatformProperties.schemaRegistry(registry);
        registry.add("ep.assignment.data-dir", dataDir::toString);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void shouldJournalEventsWhileTheBrokerIsDownAndDeliverEveryOneWhenItReturns() throws Exception {
        RestClient http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
        await().atMost(Duration.ofSeconds(60)).until(() -> health(http).at("/components/config/details/caughtUp")
                .asBoolean());
        String registry = TestPlatform.registry().url();

        // given: the broker works, one event goes straight through
        String before = "before-" + UUID.randomUUID();
        assertThat(postEvents(http, List.of(event(before, "s-0")))).isEqualTo(202);
        try (TopicReader<String, TrackingEvent> events = AvroTopics.reader(broker.bootstrapServers(), registry,
                Topics.EVENTS.name())) {
            events.awaitValue(r -> r.value().getEventId().equals(before));
        }

        // when: the broker is stopped and the storefront keeps calling
        broker.stop();
        Set<String> eventIds = new HashSet<>();
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String session = "outage-" + i + "-" + UUID.randomUUID();
            sessions.add(session);
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                String id = "ev-" + i + "-" + j + "-" + UUID.randomUUID();
                eventIds.add(id);
                batch.add(event(id, session));
            }
            assertThat(postEvents(http, batch)).isEqualTo(202);
            assertThat(http.post().uri("/v1/assign").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"sessionId\":\"" + session + "\"}").retrieve().toBodilessEntity().getStatusCode().value())
                    .isEqualTo(200);
        }

        // then: everything ends up in the journal on disk, reported by health and metrics
        int expected = eventIds.size() + sessions.size();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
                health(http).at("/components/events/details/journalEntries").asLong() >= expected);
        JsonNode spilling = health(http).at("/components/events/details");
        assertThat(spilling.get("spilling").asBoolean()).isTrue();
        assertThat(spilling.get("journalBytes").asLong()).isPositive();
        try (Stream<Path> files = Files.list(dataDir.resolve("journal"))) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("segment-"))
                    .mapToLong(f -> f.toFile().length()).sum()).isPositive();
        }
        assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class))
                .contains("ep_events_spilled_total").contains("ep_events_journal_oldest_age_seconds");
        // readiness stays UP: the storefront is served from memory while Kafka is away
        assertThat(health(http).get("status").asString()).isEqualTo("UP");

        // when: the broker returns
        broker.restart();

        // then: the journal drains and every event is in Kafka (duplicates only as copies with the same id)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode details = health(http).at("/components/events/details");
            return details.get("journalEntries").asLong() == 0 && !details.get("spilling").asBoolean();
        });
        try (TopicReader<String, TrackingEvent> events = AvroTopics.reader(broker.bootstrapServers(), registry,
                Topics.EVENTS.name());
             TopicReader<String, AssignmentDecision> decisions = AvroTopics.reader(broker.bootstrapServers(), registry,
                     Topics.ASSIGNMENTS.name())) {
            Set<String> delivered = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                events.records().stream().map(ConsumerRecord::value).map(TrackingEvent::getEventId)
                        .forEach(delivered::add);
                return delivered.containsAll(eventIds);
            });
            Set<String> decided = new HashSet<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                decisions.records().forEach(r -> decided.add(r.key()));
                return decided.containsAll(sessions);
            });
            // every session's events are on its key's partition, in the order they were sent
            for (String session : sessions.subList(0, 5)) {
                List<String> ids = events.valuesOf(session).stream().map(TrackingEvent::getEventId).distinct().toList();
                assertThat(ids).hasSize(5);
                assertThat(ids).isSortedAccordingTo(java.util.Comparator.comparing(id -> id.split("-")[2]));
            }
        }
        assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class))
                .containsPattern("ep_events_drained_total(\\{[^}]*\\})? [1-9]");
    }

    private static int postEvents(RestClient http, List<Map<String, Object>> events) {
        return http.post().uri("/v1/events").contentType(MediaType.APPLICATION_JSON)
                .body(JSON.writeValueAsString(Map.of("events", events))).retrieve().toBodilessEntity()
                .getStatusCode().value();
    }

    private static Map<String, Object> event(String id, String session) {
        return Map.of("eventId", id, "type", "add_to_cart", "time", Instant.now().toString(), "sessionId", session,
                "value", 1_999, "currency", "EUR");
    }

    private static JsonNode health(RestClient http) {
        return http.get().uri("/actuator/health").exchange((req, res) -> JSON.readTree(res.getBody().readAllBytes()));
    }
}
