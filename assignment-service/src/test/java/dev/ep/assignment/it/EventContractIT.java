package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.UnitType;
import dev.ep.schemas.Topics;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TopicReader;
import dev.ep.testsupport.TestPlatformProperties;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The event contract reporting relies on (issue 8), through real HTTP against the real broker and registry: every
 * decision carries the holdout membership and each experiment's hashed unit; every coverage event its unit, bucket and
 * exposure key; one reporting currency and a first-class order id; one id grammar and storable text at every endpoint
 * (a NUL or a lone surrogate is a 400 and nothing is emitted); and context-based coverage that says what to send
 * instead of a silent {@code not_assigned}. Every experiment here takes all traffic with one effective treatment, so
 * no expectation depends on the hash function.
 */
@SpringBootTest(classes = AssignmentServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventContractIT {

    private static final String EXPERIMENT = "edge-it-exp";
    private static final String TARGETED = "edge-it-targeted";
    private static final String USER_EXPERIMENT = "edge-it-user";
    private static Path dataDir;

    @LocalServerPort
    int port;

    private ServiceHttp http;
    private ConfigRecords config;
    private TopicReader<String, AssignmentDecision> assignments;
    private TopicReader<String, CoverageEvent> coverage;
    private TopicReader<String, TrackingEvent> events;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        TestPlatformProperties.kafka(registry);
        TestPlatformProperties.schemaRegistry(registry);
        dataDir = Files.createTempDirectory("event-contract-it");
        registry.add("ep.assignment.data-dir", dataDir::toString);
        registry.add("ep.assignment.explain-enabled", () -> "true"); // no API key here; explain is off by default
    }

    @BeforeAll
    void publishConfiguration() throws Exception {
        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        http = new ServiceHttp(port);
        config = new ConfigRecords(kafka, registry);
        config.send(ConfigRecords.layer("edge-it-layer"));
        config.send(ConfigRecords.snapshot(ConfigRecords.experiment(EXPERIMENT, "edge-it-layer", 10_000,
                "a", 10_000, "b", 0).build(), 2));
        config.send(ConfigRecords.layer("edge-it-targeted-layer"));
        config.send(ConfigRecords.snapshot(ConfigRecords.experiment(TARGETED, "edge-it-targeted-layer", 10_000,
                "on", 10_000).setTargeting(dev.ep.events.v1.Targeting.newBuilder().setPages(List.of("cart", "checkout"))
                .setRule("{\"all\":[{\"eq\":{\"attribute\":\"country\",\"value\":\"DE\"}},"
                        + "{\"gte\":{\"attribute\":\"cart_value\",\"value\":50}}]}").build()).build(), 2));
        config.send(ConfigRecords.layer("edge-it-user-layer", UnitType.USER));
        long last = config.send(ConfigRecords.snapshot(ConfigRecords.experiment(USER_EXPERIMENT, "edge-it-user-layer",
                10_000, "member", 10_000).setUnitType(UnitType.USER).build(), 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> http.configVersion() >= last);
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

    // ------------------------------------------------------------------------------------ decisions and coverage

    @Test
    void shouldCarryTheHoldoutMembershipAndEachExperimentsHashedUnitWhenADecisionIsEmitted() {
        // given
        String session = "dec-" + UUID.randomUUID();
        String user = "u:" + UUID.randomUUID() + "@shop";

        // when
        http.post("/v1/assign", Map.of("sessionId", session, "userId", user));

        // then: no holdout configured: not a member, 0 bp, nothing hashed for it
        AssignmentDecision decision = assignments.awaitValue(r -> session.equals(r.key()));
        assertThat(decision.getHoldout()).isFalse();
        assertThat(decision.getHoldoutUnitType()).isEqualTo(UnitType.SESSION);
        assertThat(decision.getHoldoutUnitId()).isNull();
        assertThat(decision.getHoldoutBasisPoints()).isZero();
        assertThat(decisionOf(decision, EXPERIMENT)).satisfies(d -> {
            assertThat(d.getUnitType()).isEqualTo(UnitType.SESSION);
            assertThat(d.getUnitId()).isEqualTo(session);
        });
        assertThat(decisionOf(decision, USER_EXPERIMENT)).satisfies(d -> {
            assertThat(d.getUnitType()).isEqualTo(UnitType.USER);
            assertThat(d.getUnitId()).isEqualTo(user);
        });
    }

    @Test
    void shouldRecordTheHoldoutOnTheDecisionWhenTheUnitIsHeldOutAndNothingIsAssigned() throws Exception {
        // given: a holdout of every session (reset afterwards: the broker is shared with the other ITs)
        String session = "held-" + UUID.randomUUID();
        long held = config.send(ConfigRecords.holdout(10_000));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.configVersion() >= held);

            // when
            JsonNode response = http.post("/v1/assign", Map.of("sessionId", session));

            // then: intent-to-treat needs the membership even though nothing was assigned
            assertThat(response.get("holdout").asBoolean()).isTrue();
            AssignmentDecision decision = assignments.awaitValue(r -> session.equals(r.key()));
            assertThat(decision.getHoldout()).isTrue();
            assertThat(decision.getHoldoutUnitType()).isEqualTo(UnitType.SESSION);
            assertThat(decision.getHoldoutUnitId()).isEqualTo(session);
            assertThat(decision.getHoldoutBasisPoints()).isEqualTo(10_000);
            assertThat(decision.getDecisions()).isEmpty();
        } finally {
            long reset = config.send(ConfigRecords.holdout(0));
            await().atMost(Duration.ofSeconds(30)).until(() -> http.configVersion() >= reset);
        }
    }

    @Test
    void shouldCarryUnitBucketAndExposureKeyOnCoverageWhenCoveredInTheAssignCallOrByContext() {
        // given
        String session = "cov-" + UUID.randomUUID();

        // when: covered in the assign call, then again by context
        http.post("/v1/assign", Map.of("sessionId", session, "page", "home", "cover", List.of(EXPERIMENT)));
        http.post("/v1/coverage", Map.of("sessionId", session, "page", "pdp",
                "experiments", List.of(Map.of("experimentId", EXPERIMENT))));

        // then: both name the same exposure (one key); only token coverage carries a decision time
        AssignmentDecision decision = assignments.awaitValue(r -> session.equals(r.key()));
        ExperimentAssignment decided = decisionOf(decision, EXPERIMENT);
        coverage.awaitValue(r -> session.equals(r.key()) && "pdp".equals(r.value().getPage()));
        List<CoverageEvent> covered = coverage.valuesOf(session);
        assertThat(covered).hasSize(2).allSatisfy(e -> {
            assertThat(e.getUnitType()).isEqualTo(UnitType.SESSION);
            assertThat(e.getUnitId()).isEqualTo(session);
            assertThat(e.getBucket()).isEqualTo(decided.getBucket());
            assertThat(e.getSlot()).isEqualTo(decided.getSlot());
            assertThat(e.getExposureKey()).isEqualTo(EXPERIMENT + "/1/SESSION/" + session);
        });
        assertThat(covered.get(0).getTime()).isEqualTo(decision.getTime());
        assertThat(covered).allSatisfy(e -> assertThat(e.getDecisionTime()).isNull());
    }

    // ---------------------------------------------------------------------------------------- missing context

    @Test
    void shouldNameWhatToSendAndEmitNothingWhenTheCoverageContextIsIncomplete() {
        String session = "ctx-" + UUID.randomUUID();

        // no page (the experiment has a page list), no attributes (its rule reads two)
        ServiceHttp.Response nothing = http.exchange("/v1/coverage", Map.of("sessionId", session,
                "experiments", List.of(Map.of("experimentId", EXPERIMENT), Map.of("experimentId", TARGETED))));
        assertThat(nothing.status()).isEqualTo(422);
        assertThat(nothing.code()).isEqualTo("COVERAGE_CONTEXT_INCOMPLETE");
        assertThat(nothing.body().get("type").asString()).isEqualTo("/problems/coverage-context-incomplete");
        assertThat(nothing.body().at("/missing/0/experimentId").asString()).isEqualTo(TARGETED);
        assertThat(send(nothing)).containsExactly("page", "attributes.cart_value", "attributes.country");
        assertThat(nothing.body().get("detail").asString()).contains(TARGETED, "page", "tokens");

        // the page, but only one of the two attributes
        ServiceHttp.Response half = http.exchange("/v1/coverage", Map.of("sessionId", session, "page", "cart",
                "attributes", Map.of("country", "DE"), "experiments", List.of(Map.of("experimentId", TARGETED))));
        assertThat(half.status()).isEqualTo(422);
        assertThat(send(half)).containsExactly("attributes.cart_value");

        // a USER experiment without a user id
        ServiceHttp.Response anonymous = http.exchange("/v1/coverage", Map.of("sessionId", session,
                "experiments", List.of(Map.of("experimentId", USER_EXPERIMENT))));
        assertThat(anonymous.status()).isEqualTo(422);
        assertThat(send(anonymous)).containsExactly("userId");

        // then: none of the refused calls emitted anything, not even the experiment that was assigned
        http.post("/v1/coverage", Map.of("sessionId", session, "page", "marker",
                "experiments", List.of(Map.of("experimentId", EXPERIMENT))));
        coverage.awaitValue(r -> session.equals(r.key()));
        assertThat(coverage.valuesOf(session)).singleElement()
                .satisfies(e -> assertThat(e.getPage()).isEqualTo("marker"));
    }

    @Test
    void shouldAnswerNotAssignedOnlyWhenTheContextDecidesTheExperiment() {
        String session = "dec-ctx-" + UUID.randomUUID();

        // another page than the experiment's: decided, whatever the attributes
        assertThat(statusOf(Map.of("sessionId", session, "page", "home"))).isEqualTo("not_assigned");
        // its page, and an attribute that already fails the rule: decided
        assertThat(statusOf(Map.of("sessionId", session, "page", "cart", "attributes", Map.of("country", "FR"))))
                .isEqualTo("not_assigned");
        // everything the rule reads, and it holds
        assertThat(statusOf(Map.of("sessionId", session, "page", "cart",
                "attributes", Map.of("country", "DE", "cart_value", 60)))).isEqualTo("covered");
        // a USER experiment with its user
        JsonNode user = http.post("/v1/coverage", Map.of("sessionId", session, "userId", "u-" + session,
                "experiments", List.of(Map.of("experimentId", USER_EXPERIMENT))));
        assertThat(user.at("/items/0/status").asString()).isEqualTo("covered");
    }

    // ----------------------------------------------------------------------------------------- money, order id

    @Test
    void shouldCarryTheOrderIdWhenAnOrderIsSentInTheReportingCurrency() {
        String session = "order-" + UUID.randomUUID();
        String orderId = "o:" + UUID.randomUUID() + "/2+1=";

        ServiceHttp.Response response = http.exchange("/v1/events", Map.of("events", List.of(Map.of(
                "eventId", "e-" + UUID.randomUUID(), "type", "order", "time", Instant.now().toString(),
                "sessionId", session, "value", 4_990, "currency", "EUR", "orderId", orderId))));

        assertThat(response.status()).as("%s", response.body()).isEqualTo(202);
        TrackingEvent order = events.awaitValue(r -> session.equals(r.key()));
        assertThat(order.getOrderId()).isEqualTo(orderId);
        assertThat(order.getCurrency()).isEqualTo("EUR");
        assertThat(order.getValue()).isEqualTo(4_990L);
    }

    @Test
    void shouldRefuseAValueInAnotherCurrencyOrWithoutOneAndEmitNothing() {
        String session = "money-" + UUID.randomUUID();
        String now = Instant.now().toString();

        ServiceHttp.Response dollars = http.exchangeRaw("/v1/events", "{\"events\": [" + event(session, "order", now,
                ", \"value\": 1999, \"currency\": \"USD\"") + "]}");
        ServiceHttp.Response none = http.exchangeRaw("/v1/events", "{\"events\": [" + event(session, "add_to_cart",
                now, ", \"value\": 1999") + "]}");
        ServiceHttp.Response badOrderId = http.exchangeRaw("/v1/events", "{\"events\": [" + event(session, "order",
                now, ", \"value\": 1999, \"currency\": \"EUR\", \"orderId\": \"o 1\"") + "]}");

        assertThat(dollars.status()).isEqualTo(400);
        assertThat(dollars.code()).isEqualTo("INVALID_EVENT");
        assertThat(dollars.body().get("detail").asString()).contains("USD", "reporting currency EUR");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.body().get("detail").asString()).contains("currency is required", "EUR");
        assertThat(badOrderId.status()).isEqualTo(400);
        assertThat(badOrderId.body().get("detail").asString()).contains("events[0].orderId");
        assertOnlyMarkerEvent(session);
    }

    // ---------------------------------------------------------------------------------- ids and storable text

    @Test
    void shouldRefuseNulAndLoneSurrogatesInEveryTextWithA400AndEmitNothing() throws Exception {
        String s = "text-" + UUID.randomUUID();
        String now = Instant.now().toString();
        List<Object[]> cases = List.of(
                // JSON escapes as a client would write them
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\": \"x\\u0000y\"}}",
                        "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\": \"\\ud800\"}}",
                        "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\": \"x\\udc00\"}}",
                        "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\\u0000\": \"x\"}}",
                        "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\\u0000\"}", "INVALID_ID"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"userId\": \"\\ud800\"}", "INVALID_ID"},
                new Object[] {"/v1/assign", "{\"sessionId\": \"" + s + "\", \"\\ud800\": 1}", "MALFORMED_JSON"},
                new Object[] {"/v1/coverage", "{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\": \"\\u0000\"},"
                        + " \"experiments\": [{\"experimentId\": \"" + EXPERIMENT + "\"}]}", "INVALID_ATTRIBUTES"},
                new Object[] {"/v1/coverage", "{\"sessionId\": \"" + s + "\", \"experiments\": [{\"experimentId\": "
                        + "\"" + EXPERIMENT + "\", \"treatment\": \"a\\u0000\"}]}", "INVALID_ID"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", now,
                        ", \"properties\": {\"p\": \"x\\u0000\"}") + "]}", "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", now,
                        ", \"properties\": {\"p\": \"\\ud800\"}") + "]}", "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", now,
                        ", \"properties\": {\"p\\u0000\": \"x\"}") + "]}", "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "custom", now,
                        ", \"name\": \"sign\\u0000up\"") + "]}", "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "\\ud800", now, "") + "]}", "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "page_view", "2026\\u0000", "") + "]}",
                        "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "order", now,
                        ", \"value\": 1, \"currency\": \"EU\\ud800\"") + "]}", "INVALID_EVENT"},
                new Object[] {"/v1/events", "{\"events\": [" + event(s, "order", now,
                        ", \"value\": 1, \"currency\": \"EUR\", \"orderId\": \"o\\u0000\"") + "]}", "INVALID_EVENT"});
        for (Object[] c : cases) {
            ServiceHttp.Response response = http.exchangeRaw((String) c[0], (String) c[1]);
            assertThat(response.status()).as("%s %s: %s", c[0], c[1], response.body()).isEqualTo(400);
            assertThat(response.code()).as("%s %s", c[0], c[1]).isEqualTo(c[2]);
            assertThat(response.body().get("detail").asString()).doesNotContain("\u0000");
        }
        // a surrogate as raw (CESU-8) bytes rather than an escape
        ByteArrayOutputStream cesu = new ByteArrayOutputStream();
        cesu.writeBytes(("{\"sessionId\": \"" + s + "\", \"attributes\": {\"a\": \"").getBytes(StandardCharsets.UTF_8));
        cesu.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        cesu.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(http.exchangeBytes("/v1/assign", cesu.toByteArray()).status()).isEqualTo(400);
        // query strings: assign and explain
        for (String query : List.of("/v1/assign?sessionId=" + s + "&attr.a=x%00", "/v1/explain?sessionId=" + s
                + "&attr.a=%00", "/v1/assign?sessionId=" + s + "&attr.a%00=x", "/v1/assign?sessionId=" + s
                + "&x%00=1", "/v1/assign?sessionId=" + s + "%00")) {
            ServiceHttp.Response response = http.rawGet(query);
            assertThat(response.status()).as("%s: %s", query, response.body()).isEqualTo(400);
        }

        // then: a valid marker per topic for the same session is the only record of that session on each topic
        assertOnlyMarkerEvent(s);
        assertThat(coverage.valuesOf(s)).isEmpty();
        http.post("/v1/assign", Map.of("sessionId", s));
        assignments.awaitValue(r -> s.equals(r.key()));
        assertThat(assignments.valuesOf(s)).hasSize(1);
    }

    @Test
    void shouldAcceptEveryCharacterOfTheIdGrammarAndNameTheFieldWhenAnIdIsRefused() {
        String session = "A-z0._:@~+=/-" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode response = http.post("/v1/assign", Map.of("sessionId", session, "userId", "u+1=/x"));
        ServiceHttp.Response tooLong = http.exchange("/v1/assign", Map.of("sessionId", "x".repeat(129)));
        ServiceHttp.Response badEventId = http.exchange("/v1/events", Map.of("events", List.of(Map.of(
                "eventId", "e 1", "type", "page_view", "time", Instant.now().toString(), "sessionId", session))));

        assertThat(response.get("sessionId").asString()).isEqualTo(session);
        assertThat(tooLong.code()).isEqualTo("INVALID_ID");
        assertThat(tooLong.body().get("detail").asString()).startsWith("sessionId").contains("1 to 128");
        assertThat(badEventId.status()).isEqualTo(400);
        assertThat(badEventId.body().get("detail").asString()).contains("events[0].eventId", "U+0020 at position 1");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private String statusOf(Map<String, Object> context) {
        Map<String, Object> body = new java.util.HashMap<>(context);
        body.put("experiments", List.of(Map.of("experimentId", TARGETED)));
        return http.post("/v1/coverage", body).at("/items/0/status").asString();
    }

    private static List<String> send(ServiceHttp.Response response) {
        List<String> send = new java.util.ArrayList<>();
        response.body().at("/missing/0/send").forEach(n -> send.add(n.asString()));
        return send;
    }

    private void assertOnlyMarkerEvent(String session) {
        ServiceHttp.Response marker = http.exchange("/v1/events", Map.of("events", List.of(Map.of(
                "eventId", "marker-" + session, "type", "page_view", "time", Instant.now().toString(),
                "sessionId", session))));
        assertThat(marker.status()).isEqualTo(202);
        events.awaitValue(r -> session.equals(r.key()));
        assertThat(events.valuesOf(session)).extracting(TrackingEvent::getEventId).containsExactly("marker-" + session);
    }

    private static ExperimentAssignment decisionOf(AssignmentDecision decision, String experimentId) {
        return decision.getDecisions().stream().filter(d -> d.getExperimentId().equals(experimentId)).findFirst()
                .orElseThrow(() -> new AssertionError(experimentId + " not in " + decision));
    }

    private static String event(String session, String type, String time, String extra) {
        return "{\"eventId\": \"" + UUID.randomUUID() + "\", \"type\": \"" + type + "\", \"time\": \"" + time
                + "\", \"sessionId\": \"" + session + "\"" + extra + "}";
    }
}
