package dev.ep.ingest.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.ingest.EventFixtures;
import dev.ep.ingest.IngestItSupport;
import dev.ep.ingest.KafkaFixtures;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The session timeline over real HTTP, from events loaded through Kafka; plus health and metrics endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TimelineIT {

    /** Accepted by every test of this module (src/test/resources/config/application.yml). */
    static final String VIEWER_TOKEN = "test-viewer-token";
    static final String API_KEY = "test-api-key";
    static final Database DB = TestPlatform.postgres().newDatabase("event_ingest");
    static IngestItSupport.Topics topics;
    static KafkaProducer<String, SpecificRecord> producer;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = IngestItSupport.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ObjectMapper json;

    @BeforeAll
    static void producer() {
        producer = KafkaFixtures.avroProducer();
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    @Test
    void shouldReturnEveryEventOfTheSessionInTimeOrderWithItsTreatmentsWhenAskedForJson() {
        // given: produced out of order, on three topics
        String session = "s-" + EventFixtures.id();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AssignmentDecision decision = EventFixtures.decision(session, t0);
        CoverageEvent coverage = EventFixtures.coverage(session, t0.plusMillis(100));
        TrackingEvent order = EventFixtures.order(session, t0.plusMillis(200), 4_990);
        TrackingEvent before = EventFixtures.custom(session, t0.minusMillis(100), "landing");
        KafkaFixtures.send(producer, topics.events(), session, order);
        KafkaFixtures.send(producer, topics.coverage(), session, coverage);
        KafkaFixtures.send(producer, topics.assignments(), session, decision);
        KafkaFixtures.send(producer, topics.events(), session, before);
        awaitStored(session, 4);

        // when
        JsonNode body = json.readTree(client().get().uri("/v1/sessions/{id}/timeline", session)
                .accept(MediaType.APPLICATION_JSON).retrieve().body(String.class));

        // then
        assertThat(body.get("sessionId").asString()).isEqualTo(session);
        assertThat(body.get("count").asInt()).isEqualTo(4);
        List<String> ids = body.get("events").valueStream().map(e -> e.get("eventId").asString()).toList();
        assertThat(ids).containsExactly(before.getEventId(), decision.getEventId(), coverage.getEventId(),
                order.getEventId());
        JsonNode d = body.get("events").get(1);
        assertThat(d.get("kind").asString()).isEqualTo("decision");
        assertThat(d.get("time").asString()).isEqualTo(t0.toString());
        assertThat(d.get("experiments").get(0).get("experimentId").asString()).isEqualTo("exp-button");
        assertThat(d.get("experiments").get(0).get("treatment").asString()).isEqualTo("green");
        assertThat(d.get("attributes").get("country").asString()).isEqualTo("DE");
        assertThat(d.get("holdoutUnitType").asString()).isEqualTo("USER");
        assertThat(d.get("holdoutUnitId").asString()).isEqualTo("user-1");
        assertThat(d.get("holdoutBasisPoints").asInt()).isEqualTo(500);
        assertThat(d.get("experiments").get(0).get("unitType").asString()).isEqualTo("SESSION");
        assertThat(d.get("experiments").get(0).get("unitId").asString()).isEqualTo(session);
        assertThat(d.get("experiments").get(1).get("unitType").asString()).isEqualTo("USER");
        JsonNode c = body.get("events").get(2);
        assertThat(c.get("exposureKey").asString()).isEqualTo("exp-button/1/SESSION/" + session);
        assertThat(c.get("decisionTime").asString()).isEqualTo(t0.plusMillis(50).toString());
        assertThat(c.get("experiments").get(0).get("bucket").asInt()).isEqualTo(1234);
        assertThat(c.get("experiments").get(0).get("unitId").asString()).isEqualTo(session);
        JsonNode o = body.get("events").get(3);
        assertThat(o.get("kind").asString()).isEqualTo("tracking");
        assertThat(o.get("type").asString()).isEqualTo("ORDER");
        assertThat(o.get("value").asLong()).isEqualTo(4_990);
        assertThat(o.get("currency").asString()).isEqualTo("EUR");
        assertThat(o.get("orderId").asString()).isEqualTo(order.getOrderId());
        assertThat(o.get("experiments").get(0).get("treatment").asString()).isEqualTo("green");
        assertThat(o.get("experiments").get(0).get("covered").asBoolean()).isTrue();
        assertThat(o.has("holdout")).isFalse();
        assertThat(body.get("events").get(0).get("experiments")).isEmpty();
    }

    @Test
    void shouldServeAnEscapedHtmlPageWhenAskedByAcceptOrByFormat() {
        // given
        String session = "s-" + EventFixtures.id();
        TrackingEvent custom = EventFixtures.custom(session, Instant.now(), "<b>bold</b>");
        KafkaFixtures.send(producer, topics.events(), session, custom);
        awaitStored(session, 1);

        // when
        ResponseEntity<String> byAccept = client().get().uri("/v1/sessions/{id}/timeline", session)
                .accept(MediaType.TEXT_HTML).retrieve().toEntity(String.class);
        ResponseEntity<String> byFormat = client().get().uri("/v1/sessions/{id}/timeline?format=html", session)
                .retrieve().toEntity(String.class);

        // then
        for (ResponseEntity<String> page : List.of(byAccept, byFormat)) {
            assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
            assertThat(page.getBody()).contains(custom.getEventId()).contains("&lt;b&gt;bold&lt;/b&gt;")
                    .doesNotContain("<b>bold");
        }
    }

    @Test
    void shouldReturnTheOldestEventsAndSayTruncatedWhenTheSessionHasMoreThanTheLimit() {
        // given
        String session = "s-" + EventFixtures.id();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<TrackingEvent> events = List.of(EventFixtures.order(session, t0.plusMillis(40), 5),
                EventFixtures.order(session, t0, 1), EventFixtures.order(session, t0.plusMillis(30), 4),
                EventFixtures.order(session, t0.plusMillis(10), 2), EventFixtures.order(session, t0.plusMillis(20), 3));
        events.forEach(e -> KafkaFixtures.send(producer, topics.events(), session, e));
        awaitStored(session, 5);

        // when
        JsonNode limited = json.readTree(client().get().uri("/v1/sessions/{id}/timeline?limit=3", session)
                .retrieve().body(String.class));
        JsonNode all = json.readTree(client().get().uri("/v1/sessions/{id}/timeline?limit=5", session)
                .retrieve().body(String.class));

        // then
        assertThat(limited.get("count").asInt()).isEqualTo(3);
        assertThat(limited.get("truncated").asBoolean()).isTrue();
        assertThat(limited.get("events").valueStream().map(e -> e.get("value").asLong()).toList())
                .containsExactly(1L, 2L, 3L);
        assertThat(all.get("count").asInt()).isEqualTo(5);
        assertThat(all.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void shouldAnswerProblemDetailWhenLimitIsNotANumberInRange() {
        for (String limit : List.of("0", "abc", "10001")) {
            ResponseEntity<String> response = client().get().uri("/v1/sessions/s-1/timeline?limit=" + limit)
                    .exchange((request, r) -> ResponseEntity.status(r.getStatusCode())
                            .body(new String(r.getBody().readAllBytes())));

            assertThat(response.getStatusCode().value()).isEqualTo(400);
            assertThat(json.readTree(response.getBody()).get("code").asString()).isEqualTo("INVALID_PARAMETER");
        }
    }

    @Test
    void shouldReturnAnEmptyTimelineWhenSessionIsUnknown() {
        JsonNode body = json.readTree(client().get().uri("/v1/sessions/{id}/timeline", "never-seen")
                .retrieve().body(String.class));

        assertThat(body.get("count").asInt()).isZero();
        assertThat(body.get("events")).isEmpty();
    }

    @Test
    void shouldAnswerProblemDetailWhenSessionIdIsMalformed() {
        // when
        ResponseEntity<String> response = client().get()
                .uri(URI.create("http://127.0.0.1:" + port + "/v1/sessions/bad%20id%3Cx%3E/timeline"))
                .exchange((request, r) -> ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders())
                        .body(new String(r.getBody().readAllBytes())));

        // then
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.get("type").asString()).isEqualTo("https://ep.dev/problems/malformed-session-id");
        assertThat(problem.get("code").asString()).isEqualTo("MALFORMED_SESSION_ID");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).contains("may contain only letters, digits and");
    }

    @Test
    void shouldFindTheStoredSessionByPathAndByQueryWhenItsIdHasAnyPunctuationOfTheIdGrammar() {
        // given: one session per character the old lookup grammar refused or the path cannot carry raw, and one with all
        List<String> sessions = new java.util.ArrayList<>();
        for (String c : List.of("+", "=", "/", ":", "@", "~")) {
            sessions.add("s" + c + EventFixtures.id());
        }
        sessions.add("a+b=c/d:e@f~g-" + EventFixtures.id());
        java.util.Map<String, String> eventIds = new java.util.HashMap<>();
        for (String session : sessions) {
            TrackingEvent event = EventFixtures.order(session, Instant.now(), 1);
            eventIds.put(session, event.getEventId());
            KafkaFixtures.send(producer, topics.events(), session, event);
        }
        sessions.forEach(session -> awaitStored(session, 1));

        for (String session : sessions) {
            // when: the path with '/' percent-encoded (the other characters are legal in a path segment as they are),
            // and the query form fully percent-encoded, and the query form with the id as it is but '+' encoded
            List<String> paths = List.of(
                    "/v1/sessions/" + session.replace("/", "%2F") + "/timeline",
                    "/v1/timeline?sessionId=" + URLEncoder.encode(session, StandardCharsets.UTF_8),
                    "/v1/timeline?sessionId=" + session.replace("+", "%2B") + "&limit=10");
            for (String path : paths) {
                ResponseEntity<String> response = get(path, "application/json");

                // then
                assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
                JsonNode body = json.readTree(response.getBody());
                assertThat(body.get("sessionId").asString()).as(path).isEqualTo(session);
                assertThat(body.get("count").asInt()).as(path).isEqualTo(1);
                assertThat(body.get("events").get(0).get("eventId").asString()).as(path)
                        .isEqualTo(eventIds.get(session));
            }
            assertThat(get("/v1/timeline?sessionId=" + URLEncoder.encode(session, StandardCharsets.UTF_8)
                    + "&format=html", "*/*").getBody()).contains(eventIds.get(session));
        }
    }

    @Test
    void shouldAnswerProblemDetailWhenTheIdIsNotOfTheIdGrammarOrGivenTwiceOrMissing() {
        // given: each request, the expected status and code
        List<List<String>> requests = List.of(
                List.of("/v1/sessions/" + "s".repeat(129) + "/timeline", "400", "MALFORMED_SESSION_ID"),
                List.of("/v1/timeline?sessionId=" + "s".repeat(129), "400", "MALFORMED_SESSION_ID"),
                List.of("/v1/timeline?sessionId=a+b", "400", "MALFORMED_SESSION_ID"),
                List.of("/v1/timeline?sessionId=a%25b", "400", "MALFORMED_SESSION_ID"),
                List.of("/v1/timeline?sessionId=", "400", "MALFORMED_SESSION_ID"),
                List.of("/v1/timeline", "400", "MALFORMED_SESSION_ID"),
                List.of("/v1/sessions/s-1/timeline?sessionId=s-1", "400", "INVALID_PARAMETER"),
                List.of("/v1/timeline?sessionId=s-1&limit=0", "400", "INVALID_PARAMETER"),
                List.of("/v1/sessions/a/b/timeline", "404", "NOT_FOUND"),
                List.of("/v1/timeline/s-1", "404", "NOT_FOUND"));

        for (List<String> r : requests) {
            // when
            ResponseEntity<String> response = get(r.get(0), "application/json");

            // then
            assertThat(response.getStatusCode().value()).as(r.get(0)).isEqualTo(Integer.parseInt(r.get(1)));
            assertThat(response.getHeaders().getContentType()).as(r.get(0)).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json.readTree(response.getBody()).get("code").asString()).as(r.get(0)).isEqualTo(r.get(2));
        }
    }

    @Test
    void shouldShowRowsStoredUnderEarlierLooserRulesWhenTheSessionIsLookedUp() {
        // given: a row written before the id grammar (a user id and client event id with spaces) and before V2
        String session = "s-" + EventFixtures.id();
        jdbc.update("INSERT INTO tracking_events (event_id, event_date, event_time, received_time, session_id, "
                + "user_id, type, properties) VALUES ('legacy event 1', (now() AT TIME ZONE 'UTC')::date, now(), now(), ?, 'user one', "
                + "'PAGE_VIEW', '{}')", session);

        // when
        ResponseEntity<String> response = get("/v1/sessions/" + session + "/timeline", "application/json");

        // then
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        JsonNode event = json.readTree(response.getBody()).get("events").get(0);
        assertThat(event.get("eventId").asString()).isEqualTo("legacy event 1");
        assertThat(event.get("userId").asString()).isEqualTo("user one");
        assertThat(event.has("orderId")).isFalse();
    }

    @Test
    void shouldAnswerAClientErrorProblemNeverA500WhenPathOrAcceptHeaderIsOdd() {
        // given: requests a client can send; each pair is path, Accept header, expected status and code
        List<List<String>> requests = List.of(
                List.of("/v1/sessions//timeline", "application/json", "404", "NOT_FOUND"),
                List.of("/v1/sessions/s-1/timeline/", "application/json", "404", "NOT_FOUND"),
                List.of("/v1/sessions/s-1/timeline", "application/xml", "406", "NOT_ACCEPTABLE"),
                List.of("/v1/sessions/s-1/timeline", "text/plain", "406", "NOT_ACCEPTABLE"),
                List.of("/v1/sessions/s-1/timeline", "application/problem+json", "406", "NOT_ACCEPTABLE"),
                List.of("/v1/sessions/s-1/timeline", "not a media type", "406", "NOT_ACCEPTABLE"),
                List.of("/v1/sessions/bad%20id/timeline", "application/xml", "406", "NOT_ACCEPTABLE"));

        for (List<String> r : requests) {
            // when
            ResponseEntity<String> response = client().get().uri(URI.create("http://127.0.0.1:" + port + r.get(0)))
                    .header("Accept", r.get(1))
                    .exchange((request, answer) -> ResponseEntity.status(answer.getStatusCode())
                            .headers(answer.getHeaders()).body(new String(answer.getBody().readAllBytes())));

            // then
            assertThat(response.getStatusCode().value()).as("%s with Accept %s", r.get(0), r.get(1))
                    .isEqualTo(Integer.parseInt(r.get(2)));
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json.readTree(response.getBody()).get("code").asString()).as("%s with Accept %s", r.get(0),
                    r.get(1)).isEqualTo(r.get(3));
        }
    }

    @Test
    void shouldReportPostgresKafkaAndLoaderInHealthAndExposeIngestMetrics() {
        // given: something loaded, so the batch meters have values
        String session = "s-" + EventFixtures.id();
        KafkaFixtures.send(producer, topics.events(), session, EventFixtures.order(session, Instant.now(), 1));
        awaitStored(session, 1);

        // when
        JsonNode health = json.readTree(client().get().uri("/actuator/health").retrieve().body(String.class));
        String prometheus = client().get().uri("/actuator/prometheus").retrieve().body(String.class);

        // then
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("kafka").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("loader").get("details").get("ingest-0").asString())
                .isEqualTo("running");
        assertThat(prometheus).contains("ep_ingest_records_total{outcome=\"loaded\",topic=\"" + topics.events())
                .contains("ep_ingest_batch_size_records_count").contains("ep_ingest_batch_duration_seconds")
                .contains("ep_ingest_end_to_end_lag_seconds").contains("ep_ingest_consumer_lag{partition=\"0\"")
                .contains("ep_ingest_paused");
    }

    @Test
    void shouldAnswer401WithAChallengeWhenTheTimelineIsAskedForWithoutOrWithAWrongCredential() {
        // given: no credential, a wrong token, a wrong key, a token sent as a key, the wrong scheme
        List<List<String>> attempts = List.of(List.of(), List.of("Authorization: Bearer wrong"),
                List.of("X-Api-Key: wrong"), List.of("X-Api-Key: " + VIEWER_TOKEN),
                List.of("Authorization: Basic " + VIEWER_TOKEN), List.of("Authorization: Bearer "),
                List.of("Authorization: Bearer " + API_KEY));

        for (List<String> headers : attempts) {
            for (String target : List.of("/v1/sessions/s-1/timeline", "/v1/timeline?sessionId=s-1",
                    "/v1/sessions/s-1/timeline?format=html")) {
                // when
                RawReply response = RawHttp.send(port, "GET", target, headers.toArray(String[]::new));

                // then
                assertThat(response.status()).as("%s %s", target, headers).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).as("%s %s", target, headers)
                        .isEqualTo("Bearer realm=\"event-ingest\"");
                assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(json.readTree(response.text()).get("code").asString()).isEqualTo("UNAUTHENTICATED");
            }
        }
    }

    @Test
    void shouldServeTheTimelineWhenTheViewerTokenOrTheApiKeyIsPresentedAndHealthWithoutEither() {
        // when
        RawReply byToken = RawHttp.send(port, "GET", "/v1/sessions/s-1/timeline",
                "Authorization: bearer " + VIEWER_TOKEN);
        RawReply byKey = RawHttp.send(port, "GET", "/v1/timeline?sessionId=s-1", "X-Api-Key: " + API_KEY);
        RawReply health = RawHttp.send(port, "GET", "/actuator/health");
        RawReply prometheus = RawHttp.send(port, "GET", "/actuator/prometheus");

        // then
        assertThat(byToken.status()).isEqualTo(200);
        assertThat(byKey.status()).isEqualTo(200);
        assertThat(health.status()).isEqualTo(200);
        assertThat(prometheus.status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseEverySpellingOfTheTimelinePathThatReachesItWhenNoCredentialIsSent() {
        // given: encoded, matrix-parameter, double-slash, dot-segment and case variants of both addresses
        List<String> targets = List.of("/v1/sessions/s-1/timeline", "/%761/sessions/s-1/timeline",
                "/%76%31/sessions/s-1/timeline", "/v1/%73essions/s-1/%74imeline", "/v1;x/sessions/s-1/timeline",
                "/v1;/sessions/s-1/timeline", "/v1/sessions;a=b/s-1/timeline", "/v1/sessions/s-1;x/timeline",
                "/v1/sessions/s-1/timeline;x", "/v1/sessions/s-1/timeline;", "//v1/sessions/s-1/timeline",
                "/v1//sessions/s-1/timeline", "/v1/sessions/s-1//timeline", "/v1/./sessions/s-1/timeline",
                "/v1/x/../sessions/s-1/timeline", "/v1/%2e/sessions/s-1/timeline", "/V1/sessions/s-1/timeline",
                "/v1/SESSIONS/s-1/timeline", "/v1/sessions/s-1/Timeline", "/v1/timeline?sessionId=s-1",
                "/%76%31/timeline?sessionId=s-1", "/v1;x/timeline?sessionId=s-1", "/v1/timeline;x?sessionId=s-1",
                "//v1/timeline?sessionId=s-1", "/v1//timeline?sessionId=s-1", "/V1/TIMELINE?sessionId=s-1",
                "/v1/timeline/?sessionId=s-1", "/v1/sessions/s-1/timeline?format=html",
                "/v1/%74imeline?sessionId=s-1&format=html");
        List<String> reached = new java.util.ArrayList<>();

        for (String method : List.of("GET", "HEAD")) {
            for (String target : targets) {
                // when
                RawReply with = RawHttp.send(port, method, target, "Authorization: Bearer " + VIEWER_TOKEN);
                RawReply without = RawHttp.send(port, method, target);

                // then: whatever reaches the timeline with the token is a 401 without it; nothing else is a 2xx
                String what = method + " " + target;
                assertThat(with.status()).as(what).isLessThan(500);
                assertThat(without.status()).as(what).isBetween(400, 499);
                if (with.status() == 200) {
                    reached.add(what);
                    assertThat(without.status()).as(what).isEqualTo(401);
                    assertThat(without.header("WWW-Authenticate")).as(what).startsWith("Bearer");
                }
            }
        }
        // the matrix is not vacuous: the canonical paths and the encoded and parameter spellings do reach it
        assertThat(reached).contains("GET /v1/sessions/s-1/timeline", "HEAD /v1/sessions/s-1/timeline",
                "GET /v1/timeline?sessionId=s-1", "GET /%761/sessions/s-1/timeline", "GET /v1;x/sessions/s-1/timeline",
                "HEAD /v1;/sessions/s-1/timeline", "GET /v1/sessions/s-1/timeline;x", "GET /%76%31/timeline?sessionId=s-1");
    }

    @Test
    void shouldAnswerAClientErrorProblemWhenTheQueryStringOrPathIsMalformedWhateverTheMethod() {
        // given: an encoded lone surrogate, overlong and truncated UTF-8, a bare '%', bytes that are no UTF-8
        List<String> targets = List.of("/v1/sessions/s-1/timeline?format=%ED%A0%80",
                "/v1/sessions/s-1/timeline?x=%ED%A0%80", "/v1/timeline?sessionId=%ED%A0%80",
                "/v1/timeline?sessionId=s-1&%ED%A0%80=1", "/v1/sessions/s-1/timeline?format=%C0%AF",
                "/v1/sessions/s-1/timeline?format=%E2%82", "/v1/sessions/s-1/timeline?format=%",
                "/v1/sessions/s-1/timeline?format=%zz", "/v1/sessions/s-1/timeline?limit=%FF%FE",
                "/v1/sessions/s-1/timeline?%=%", "/v1/sessions/%ED%A0%80/timeline", "/v1/sessions/%FF/timeline",
                "/v1/sessions/%/timeline", "/v1/sessions/%C0%AF/timeline", "/actuator/health?x=%ED%A0%80",
                "/nothing?x=%ED%A0%80");

        for (String method : List.of("GET", "HEAD")) {
            for (String target : targets) {
                for (boolean credential : List.of(true, false)) {
                    // when
                    RawReply response = credential
                            ? RawHttp.send(port, method, target, "Authorization: Bearer " + VIEWER_TOKEN)
                            : RawHttp.send(port, method, target);

                    // then
                    String what = method + " " + target + (credential ? " with credential" : "");
                    assertThat(response.status()).as(what).isBetween(400, 499);
                    assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
                }
            }
        }
    }

    private void awaitStored(String session, int events) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM decisions WHERE session_id = ?)
                     + (SELECT count(*) FROM coverage WHERE session_id = ?)
                     + (SELECT count(*) FROM tracking_events WHERE session_id = ?)""", Long.class,
                session, session, session) == events);
    }

    private ResponseEntity<String> get(String pathAndQuery, String accept) {
        return client().get().uri(URI.create("http://127.0.0.1:" + port + pathAndQuery)).header("Accept", accept)
                .exchange((request, r) -> ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders())
                        .body(new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    /** A client sending the test viewer token (src/test/resources/config/application.yml). */
    private RestClient client() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + VIEWER_TOKEN).build();
    }

}
