package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.Range;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.schemas.Topics;
import dev.ep.schemas.failure.DeadLetterHeaders;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TopicReader;
import dev.ep.testsupport.TestPlatformProperties;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * The service against the real KRaft broker and the project's registry, fed with snapshots as config-service
 * publishes them: assign, coverage, events and explain produce the right Avro records on the right topics; a config
 * change is served within a second; forged coverage and bad inputs are problem details that emit nothing.
 */
@SpringBootTest(classes = AssignmentServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignmentApiIT {

    private static final String LAYER = "api-it-layer";
    private static final String EXPERIMENT = "api-it-checkout-button";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * How long a published snapshot may take to be served before a test gives up. Not a latency check (the rules
     * forbid wall-clock thresholds): it only keeps a broken feed from hanging the build. A 10-second bound failed
     * once in CI on a busy machine, so every config wait in this class uses this one generous bound.
     */
    private static final Duration CONFIG_PROPAGATION = Duration.ofSeconds(60);
    private static Path dataDir;

    @LocalServerPort
    int port;

    private ConfigRecords config;
    private TopicReader<String, AssignmentDecision> assignments;
    private TopicReader<String, CoverageEvent> coverage;
    private TopicReader<String, TrackingEvent> events;
    private RestClient http;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        TestPlatformProperties.kafka(registry);
        TestPlatformProperties.schemaRegistry(registry);
        dataDir = Files.createTempDirectory("assignment-api-it");
        registry.add("ep.assignment.data-dir", dataDir::toString);
        registry.add("ep.assignment.explain-enabled", () -> "true"); // no API key here; explain is off by default
    }

    @BeforeAll
    void publishConfiguration() throws Exception {
        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
        config = new ConfigRecords(kafka, registry);
        config.send(ConfigRecords.layer(LAYER));
        config.send(ConfigRecords.snapshot(ConfigRecords.experiment(EXPERIMENT, LAYER, 10_000,
                "control", 5_000, "green", 5_000).build(), 2));
        long last = config.send(ConfigRecords.snapshot(ConfigRecords.experiment("api-it-de-only", "api-it-layer-2",
                10_000, "control", 5_000, "promo", 5_000).setTargeting(dev.ep.events.v1.Targeting.newBuilder()
                .setPages(List.of("cart")).setRule("{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}}").build())
                .build(), 2));
        await().atMost(CONFIG_PROPAGATION).until(() -> configVersion() >= last);
        assignments = AvroTopics.reader(kafka, registry, Topics.ASSIGNMENTS.name());
        coverage = AvroTopics.reader(kafka, registry, Topics.COVERAGE.name());
        events = AvroTopics.reader(kafka, registry, Topics.EVENTS.name());
    }

    @AfterAll
    void close() {
        config.close();
        assignments.close();
        coverage.close();
        events.close();
    }

    @Test
    void shouldReportReadyWithTheConfigVersionWhenCaughtUp() {
        JsonNode readiness = get("/actuator/health/readiness");

        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        JsonNode health = get("/actuator/health");
        assertThat(health.at("/components/config/details/caughtUp").asBoolean()).isTrue();
        assertThat(health.at("/components/config/details/degraded").asBoolean()).isFalse();
        assertThat(health.at("/components/events/details/spilling").asBoolean()).isFalse();
    }

    @Test
    void shouldAnswerTheSlotsTreatmentAndEmitOneAssignmentDecisionWhenAssigned() {
        // given
        String session = "s-" + UUID.randomUUID();
        String expected = ExpectedHashes.slot(EXPERIMENT, session, 10_000) < 5_000 ? "control" : "green";

        // when
        JsonNode response = post("/v1/assign", Map.of("sessionId", session, "page", "home",
                "attributes", Map.of("country", "FR", "cart_value", 42,
                        "price", new java.math.BigDecimal("19.999999999999999999"))));

        // then
        JsonNode assignment = assignmentOf(response, EXPERIMENT);
        assertThat(assignment.get("treatment").asString()).isEqualTo(expected);
        assertThat(assignment.get("layerId").asString()).isEqualTo(LAYER);
        assertThat(assignment.get("variables").get("color").asString()).isEqualTo(expected);
        assertThat(assignmentOf(response, "api-it-de-only")).isNull();
        AssignmentDecision decision = assignments.awaitValue(r -> session.equals(r.key()));
        assertThat(decision.getSessionId()).isEqualTo(session);
        assertThat(decision.getPage()).isEqualTo("home");
        assertThat(decision.getAttributes()).containsEntry("cart_value", "42").containsEntry("country", "FR")
                .containsEntry("price", "19.999999999999999999"); // as sent, not rounded through a double
        assertThat(decision.getConfigVersion()).isEqualTo(response.get("configVersion").asLong());
        assertThat(decision.getDecisions()).anySatisfy(d -> {
            assertThat(d.getExperimentId()).isEqualTo(EXPERIMENT);
            assertThat(d.getTreatment()).isEqualTo(expected);
            assertThat(d.getBucket()).isEqualTo(ExpectedHashes.bucket(LAYER, session, 10_000));
            assertThat(d.getSlot()).isEqualTo(ExpectedHashes.slot(EXPERIMENT, session, 10_000));
            assertThat(d.getExperimentVersion()).isEqualTo(2);
        });
        assertThat(assignments.valuesOf(session)).hasSize(1);
    }

    @Test
    void shouldAssignByQueryParametersWhenTheGetFormIsUsed() {
        String session = "g-" + UUID.randomUUID();

        JsonNode response = get("/v1/assign?sessionId=" + session + "&page=cart&attr.country=DE&cover=all");

        assertThat(assignmentOf(response, "api-it-de-only")).isNotNull();
        assertThat(response.get("covered").toString()).contains("api-it-de-only", EXPERIMENT);
        assertThat(coverage.awaitValue(r -> session.equals(r.key()) && r.value().getExperimentId().equals("api-it-de-only"))
                .getPage()).isEqualTo("cart");
    }

    @Test
    void shouldServeAConfigChangeWithoutRestartWhenConfigServicePublishesIt() throws Exception {
        // The issue asks for a change to be served within a second. The team rules forbid wall-clock thresholds in
        // tests (a shared 2-core CI box makes them flaky), so this test proves the change is picked up live and
        // in sequence order; the generous bound only keeps a broken feed from hanging the build.
        // given: a new experiment in its own layer, all sessions to "b"
        String id = "api-it-change-" + UUID.randomUUID().toString().substring(0, 8);
        ExperimentState state = ConfigRecords.experiment(id, "api-it-change-layer", 10_000, "a", 0, "b", 10_000).build();

        // when
        long sequence = config.send(ConfigRecords.snapshot(state, 2));

        // then
        await().atMost(CONFIG_PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> assignmentOf(post("/v1/assign", Map.of("sessionId", "c-1")), id) != null);
        assertThat(configVersion()).isGreaterThanOrEqualTo(sequence);

        // and pausing it is served too
        config.send(ConfigRecords.snapshot(ExperimentState.newBuilder(state)
                .setStatus(dev.ep.events.v1.ExperimentStatus.PAUSED).build(), 3));
        await().atMost(CONFIG_PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> assignmentOf(post("/v1/assign", Map.of("sessionId", "c-1")), id) == null);
    }

    @Test
    void shouldAnswerTheVariablesExactlyAsConfigServiceStoredThemWhenTheyHoldExactNumbers() throws Exception {
        // given: variables as config-service stores them (exact decimals; a double would give 20.0, 1.5, "Infinity")
        String variables = "{\"price\":19.999999999999999999,\"size\":1.50,\"huge\":1E+400,\"n\":7}";
        String id = "api-it-exact-" + UUID.randomUUID().toString().substring(0, 8);
        ExperimentState plain = ConfigRecords.experiment(id, "api-it-exact-layer", 10_000, "only", 10_000).build();
        ExperimentState state = ExperimentState.newBuilder(plain).setTreatments(List.of(dev.ep.events.v1.Treatment
                .newBuilder(plain.getTreatments().get(0)).setVariables(variables).build())).build();
        long sequence = config.send(ConfigRecords.snapshot(state, 2));
        await().atMost(CONFIG_PROPAGATION).until(() -> configVersion() >= sequence);

        // when
        String body = http.post().uri("/v1/assign").contentType(MediaType.APPLICATION_JSON)
                .body("{\"sessionId\": \"exact-1\"}").retrieve().body(String.class);

        // then: the very text, byte for byte
        assertThat(body).contains("\"experimentId\":\"" + id + "\",\"layerId\":\"api-it-exact-layer\","
                + "\"treatment\":\"only\",\"variables\":" + variables + ",");
    }

    @Test
    void shouldEmitCoverageWithTheDerivedTreatmentWhenTheClaimIsTrue() {
        String session = "cov-" + UUID.randomUUID();
        String treatment = ExpectedHashes.slot(EXPERIMENT, session, 10_000) < 5_000 ? "control" : "green";

        JsonNode response = post("/v1/coverage", Map.of("sessionId", session, "page", "product",
                "experiments", List.of(Map.of("experimentId", EXPERIMENT, "treatment", treatment),
                        Map.of("experimentId", "api-it-de-only"))));

        assertThat(response.get("items").toString()).contains("\"status\":\"covered\"", "\"status\":\"not_assigned\"");
        CoverageEvent event = coverage.awaitValue(r -> session.equals(r.key()));
        assertThat(event.getExperimentId()).isEqualTo(EXPERIMENT);
        assertThat(event.getTreatment()).isEqualTo(treatment);
        assertThat(event.getSlot()).isEqualTo(ExpectedHashes.slot(EXPERIMENT, session, 10_000));
        assertThat(event.getPage()).isEqualTo("product");
    }

    @Test
    void shouldRefuseAForgedCoverageClaimAndEmitNothingWhenTheTreatmentWasNotAssigned() {
        // given: the treatment this session did NOT get
        String session = "forged-" + UUID.randomUUID();
        String assigned = ExpectedHashes.slot(EXPERIMENT, session, 10_000) < 5_000 ? "control" : "green";
        String forged = assigned.equals("control") ? "green" : "control";

        // when
        var forgedResponse = exchange("/v1/coverage", Map.of("sessionId", session,
                "experiments", List.of(Map.of("experimentId", EXPERIMENT, "treatment", forged))));

        // then: 422 problem, and the next (honest) coverage of the same session (same key, same partition, sent
        // later) is the only coverage record of that session
        assertThat(forgedResponse.status()).isEqualTo(422);
        assertThat(forgedResponse.body().get("code").asString()).isEqualTo("COVERAGE_CLAIM_MISMATCH");
        assertThat(forgedResponse.body().get("type").asString()).isEqualTo("/problems/coverage-claim-mismatch");
        post("/v1/coverage", Map.of("sessionId", session, "experiments", List.of(Map.of("experimentId", EXPERIMENT))));
        coverage.awaitValue(r -> session.equals(r.key()));
        assertThat(coverage.valuesOf(session)).singleElement()
                .satisfies(e -> assertThat(e.getTreatment()).isEqualTo(assigned));
    }

    @Test
    void shouldEmitTrackingEventsWithClientIdsWhenABatchIsValid() {
        String session = "ev-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        Instant time = Instant.now().minusSeconds(3);

        var response = exchange("/v1/events", Map.of("events", List.of(
                Map.of("eventId", "pv-" + orderId, "type", "page_view", "time", time.toString(), "sessionId", session,
                        "page", "home"),
                Map.of("eventId", "o-" + orderId, "type", "order", "time", time.toString(), "sessionId", session,
                        "userId", "u-1", "value", 12_999, "currency", "EUR", "properties", Map.of("orderId", orderId)),
                Map.of("eventId", "c-" + orderId, "type", "custom", "name", "newsletter_signup", "time",
                        time.toString(), "sessionId", session))));

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body().get("accepted").asInt()).isEqualTo(3);
        TrackingEvent order = events.awaitValue(r -> r.value().getEventId().equals("o-" + orderId));
        assertThat(order.getType()).isEqualTo(TrackingType.ORDER);
        assertThat(order.getValue()).isEqualTo(12_999L);
        assertThat(order.getCurrency()).isEqualTo("EUR");
        assertThat(order.getTime()).isEqualTo(time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(order.getProperties()).containsEntry("orderId", orderId);
        events.awaitValue(r -> r.value().getEventId().equals("c-" + orderId));
        assertThat(events.valuesOf(session)).extracting(TrackingEvent::getType)
                .containsExactly(TrackingType.PAGE_VIEW, TrackingType.ORDER, TrackingType.CUSTOM);
    }

    @Test
    void shouldAnswerAProblemDetailAndEmitNothingWhenAnyKindOfInputIsBad() throws Exception {
        String s = "bad-" + UUID.randomUUID();
        String now = Instant.now().toString();
        List<Object[]> cases = List.of(
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\",", 400, "MALFORMED_JSON"},
                new Object[] {"/v1/assign", "{\"sesionId\": \"" + s + "\"}", 400, "UNKNOWN_FIELD"},
                new Object[] {"/v1/assign", "{\"sessionId\": 42}", 400, "WRONG_TYPE"},
                new Object[] {"/v1/assign", "{}", 400, "MISSING_FIELD"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + "x".repeat(129) + "\"}", 400, "INVALID_ID"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"has space\"}", 400, "INVALID_ID"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"page\": \"a b\"}", 400, "INVALID_PAGE"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"1bad\": \"x\"}}", 400,
                        "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\": {\"b\": 1}}}", 400,
                        "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\": \""
                        + "v".repeat(257) + "\"}}", 400, "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": " + manyAttributes(51) + "}",
                        400, "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"cover\": 7}", 400, "INVALID_COVER"},
                new Object[] {"/v1/coverage", "{\"sessionId\": \"" + s + "\", \"experiments\": []}", 400,
                        "MISSING_FIELD"},
                new Object[] {"/v1/events", "{\"events\": []}", 400, "MISSING_FIELD"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "teleport", now, "") + "]}", 400,
                        "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "order", now,
                        ", \"value\": -5, \"currency\": \"EUR\"") + "]}", 400, "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "order", now,
                        ", \"value\": 5, \"currency\": \"XYZ\"") + "]}", 400, "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "order", now, "") + "]}", 400,
                        "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "order", now,
                        ", \"value\": 12.5, \"currency\": \"EUR\"") + "]}", 400, "WRONG_TYPE"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view",
                        Instant.now().plus(Duration.ofHours(2)).toString(), "") + "]}", 400, "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view",
                        Instant.now().minus(Duration.ofDays(30)).toString(), "") + "]}", 400, "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", "yesterday", "") + "]}", 400,
                        "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [{\"eventId\": \"n-1\", \"type\": \"page_view\", \"time\": "
                        + Instant.now().getEpochSecond() + ", \"sessionId\": \"" + s + "\"}]}", 400, "WRONG_TYPE"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"sessionId\": \"other\"}", 400,
                        "MALFORMED_JSON"},
                new Object[] {"/v1/coverage", "{\"sessionId\": \"" + s + "\", \"experiments\": [{\"experimentId\": \""
                        + EXPERIMENT + "\"}, {\"experimentId\": \"" + EXPERIMENT + "\"}]}", 400, "INVALID_COVER"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "custom", now, "") + "]}", 400,
                        "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", now, ", \"colour\": \"red\"")
                        + "]}", 400, "UNKNOWN_FIELD"},
                new Object[] {"/v1/events", "{\"events\": [" + String.join(",", java.util.Collections.nCopies(501,
                        event(s, "page_view", now, ""))) + "]}", 400, "BATCH_TOO_LARGE"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", now, ", \"properties\": {\"p\": \""
                        + "x".repeat(1_100_000) + "\"}") + "]}", 413, "PAYLOAD_TOO_LARGE"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", now, "") + ", "
                        + event(s, "order", now, ", \"value\": -1, \"currency\": \"EUR\"") + "]}", 400,
                        "INVALID_EVENT"});
        for (Object[] c : cases) {
            var response = exchangeRaw((String) c[0], (String) c[1]);
            assertThat(response.status()).as("%s %s", c[0], abbreviate((String) c[1])).isEqualTo(c[2]);
            assertThat(response.body().get("code").asString()).as("%s %s", c[0], abbreviate((String) c[1]))
                    .isEqualTo(c[3]);
            assertThat(response.body().get("type").asString()).startsWith("/problems/");
            assertThat(response.body().get("detail").asString()).isNotBlank();
        }
        assertThat(exchangeGet("/v1/assign?page=home").status()).isEqualTo(400);
        Response undecodable = rawGet("/v1/assign?sessionId=%ZZ"); // no URI class lets this through
        assertThat(undecodable.status()).isEqualTo(400);
        assertThat(undecodable.body().get("code").asString()).isEqualTo("MALFORMED_QUERY");
        assertThat(exchangeGet("/v1/explain?sessionId=" + s + "&colour=red").body().get("code").asString())
                .isEqualTo("UNKNOWN_FIELD");
        assertThat(exchangeGet("/v1/nothing-here").status()).isEqualTo(404);

        // then: a valid marker per topic for the same session (same key, same partition, sent after the bad ones)
        // is the only record of that session on each topic
        post("/v1/assign", Map.of("sessionId", s));
        exchange("/v1/events", Map.of("events", List.of(Map.of("eventId", "marker-" + s, "type", "page_view",
                "time", now, "sessionId", s))));
        assignments.awaitValue(r -> s.equals(r.key()));
        events.awaitValue(r -> s.equals(r.key()));
        assertThat(assignments.valuesOf(s)).hasSize(1);
        assertThat(events.valuesOf(s)).extracting(TrackingEvent::getEventId).containsExactly("marker-" + s);
        assertThat(coverage.valuesOf(s)).isEmpty();
    }

    @Test
    void shouldExplainHashesBucketsTargetingAndSlotWhenAsked() {
        String session = "ex-" + UUID.randomUUID();

        JsonNode explanation = get("/v1/explain?sessionId=" + session + "&page=cart&attr.country=AT");

        JsonNode layer2 = null;
        for (JsonNode layer : explanation.get("layers")) {
            if (layer.get("layerId").asString().equals("api-it-layer-2")) {
                layer2 = layer;
            }
        }
        assertThat(layer2).isNotNull();
        assertThat(layer2.at("/units/0/hash").asLong())
                .isEqualTo(ExpectedHashes.layerHash("api-it-layer-2", session));
        assertThat(layer2.at("/units/0/bucket").asInt())
                .isEqualTo(ExpectedHashes.bucket("api-it-layer-2", session, 10_000));
        assertThat(layer2.at("/targeting/rule/operator").asString()).isEqualTo("eq");
        assertThat(layer2.at("/targeting/rule/actual").asString()).isEqualTo("AT");
        assertThat(layer2.at("/targeting/rule/result").asBoolean()).isFalse();
        assertThat(layer2.at("/outcome/result").asString()).isEqualTo("not_eligible");
        assertThat(assignments.valuesOf(session)).isEmpty();
    }

    @Test
    void shouldDeadLetterABadSnapshotAndKeepApplyingWhenConfigServicePublishesOne() throws Exception {
        // given: a snapshot whose rule is not valid targeting, then a valid change
        ExperimentState bad = ConfigRecords.experiment("api-it-bad-rule", "api-it-bad-layer", 10_000, "a", 10_000)
                .setTargeting(dev.ep.events.v1.Targeting.newBuilder().setPages(List.of())
                        .setRule("{\"regex\":{\"attribute\":\"x\",\"value\":\".*\"}}").build()).build();
        ExperimentSnapshot badSnapshot = ConfigRecords.snapshot(bad, 2);
        config.send(badSnapshot);
        long next = config.send(ConfigRecords.snapshot(ConfigRecords.experiment("api-it-after-bad", "api-it-bad-layer",
                10_000, "a", 10_000).build(), 2));

        // then
        await().atMost(CONFIG_PROPAGATION).until(() -> configVersion() >= next);
        try (var dlt = TopicReader.raw(TestPlatform.kafka().bootstrapServers(),
                Topics.DLT_ASSIGNMENT_CONFIG.name())) {
            var record = dlt.await(r -> new String(r.key()).equals("experiment:api-it-bad-rule"));
            assertThat(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON)).contains("validation");
            assertThat(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.MESSAGE).orElseThrow())
                    .contains("invalid targeting");
            assertThat(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.ORIGINAL_TOPIC))
                    .contains(Topics.CONFIG_EXPERIMENTS.name());
            assertThat(DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.CONSUMER))
                    .contains("assignment-config-feed");
        }
        JsonNode response = post("/v1/assign", Map.of("sessionId", "any"));
        assertThat(assignmentOf(response, "api-it-after-bad")).isNotNull();
        assertThat(assignmentOf(response, "api-it-bad-rule")).isNull();
    }

    @Test
    void shouldKeepAGeneratedOwnerOnlyTokenKeyInTheDataDirectoryWhenNoSecretIsSet() throws Exception {
        // no EP_EXPOSURE_TOKEN_SECRET here: the key was generated at start and is kept for the next one
        Path key = dataDir.resolve("exposure-token.key");

        assertThat(key).exists();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        String token = assignmentOf(post("/v1/assign", Map.of("sessionId", "key-1")), EXPERIMENT)
                .get("exposureToken").asString();
        assertThat(post("/v1/coverage", Map.of("sessionId", "key-1", "tokens", List.of(token)))
                .at("/items/0/status").asString()).isEqualTo("covered");
    }

    @Test
    void shouldServeAnOpenApiDocumentAndPrometheusMetricsWhenAsked() {
        JsonNode openApi = get("/v3/api-docs");
        assertThat(openApi.get("paths").has("/v1/assign")).isTrue();
        assertThat(openApi.get("paths").has("/v1/events")).isTrue();

        post("/v1/assign", Map.of("sessionId", "metrics-1"));
        String prometheus = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(prometheus).contains("ep_assignments_total{experiment=\"" + EXPERIMENT + "\"")
                .contains("http_server_requests_seconds_bucket").contains("ep_events_emitted_total")
                .contains("ep_events_queued").contains("ep_events_journal_entries").contains("ep_config_version");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private long configVersion() {
        JsonNode health = get("/actuator/health");
        return health.at("/components/config/details/configVersion").asLong(-1);
    }

    private static JsonNode assignmentOf(JsonNode response, String experimentId) {
        for (JsonNode a : response.get("assignments")) {
            if (a.get("experimentId").asString().equals(experimentId)) {
                return a;
            }
        }
        return null;
    }

    private static String event(String session, String type, String time, String extra) {
        return "{\"eventId\": \"" + UUID.randomUUID() + "\", \"type\": \"" + type + "\", \"time\": \"" + time
                + "\", \"sessionId\": \"" + session + "\"" + extra + "}";
    }

    private static String manyAttributes(int n) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"a").append(i).append("\": \"v\"");
        }
        return b.append('}').toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    record Response(int status, JsonNode body) {
    }

    /** A GET written byte for byte (test-support {@code RawHttp}: no client normalises the target). */
    private Response rawGet(String pathAndQuery) throws Exception {
        RawReply reply = RawHttp.once(port, RawRequest.of("GET", pathAndQuery));
        return new Response(reply.status(), JSON.readTree(reply.text()));
    }

    private JsonNode get(String path) {
        return exchangeGet(path).body();
    }

    private Response exchangeGet(String path) {
        return http.get().uri(path).exchange((req, res) -> new Response(res.getStatusCode().value(),
                JSON.readTree(res.getBody().readAllBytes())));
    }

    private JsonNode post(String path, Object body) {
        Response response = exchange(path, body);
        assertThat(response.status()).as("POST %s: %s", path, response.body()).isLessThan(300);
        return response.body();
    }

    private Response exchange(String path, Object body) {
        return exchangeRaw(path, JSON.writeValueAsString(body));
    }

    private Response exchangeRaw(String path, String body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> new Response(res.getStatusCode().value(),
                        JSON.readTree(res.getBody().readAllBytes())));
    }
}
