package dev.ep.assignment.it;

import static dev.ep.assignment.it.ServiceHttp.assignmentOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.assignment.core.UnitType;
import dev.ep.assignment.token.Exposure;
import dev.ep.assignment.token.ExposureTokens;
import dev.ep.assignment.token.TokenKey;
import dev.ep.events.v1.AssignmentDecision;
import dev.ep.events.v1.CoverageEvent;
import dev.ep.events.v1.ExperimentAssignment;
import dev.ep.events.v1.ExperimentState;
import dev.ep.schemas.Topics;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TopicReader;
import dev.ep.testsupport.TestPlatformProperties;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
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
 * Coverage by exposure token, through real HTTP against the real broker and registry: {@code /v1/assign} (POST and
 * GET) hands out a token per assigned experiment; {@code /v1/coverage} with tokens records the exposure as served
 * (even after the configuration changed), with the decision's time; a forged, expired or other session's token
 * refuses the whole call with 422 naming which, and nothing is emitted. The service runs with a configured key so that
 * the test can sign a genuine but expired token.
 */
@SpringBootTest(classes = AssignmentServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExposureTokenIT {

    private static final String SECRET = "ZXhwb3N1cmUtdG9rZW4taXQtc2VjcmV0LTMyLWJ5dGVzLWxvbmc="; // 38 bytes
    private static final String LAYER = "token-it-layer";
    private static final String EXPERIMENT = "token-it-exp";
    private static Path dataDir;

    @LocalServerPort
    int port;

    private ServiceHttp http;
    private ConfigRecords config;
    private TopicReader<String, AssignmentDecision> assignments;
    private TopicReader<String, CoverageEvent> coverage;
    private ExperimentState experiment;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        TestPlatformProperties.kafka(registry);
        TestPlatformProperties.schemaRegistry(registry);
        dataDir = Files.createTempDirectory("exposure-token-it");
        registry.add("ep.assignment.data-dir", dataDir::toString);
        registry.add("ep.assignment.exposure-token.secret", () -> SECRET);
    }

    @BeforeAll
    void publishConfiguration() throws Exception {
        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        http = new ServiceHttp(port);
        config = new ConfigRecords(kafka, registry);
        config.send(ConfigRecords.layer(LAYER));
        experiment = ConfigRecords.experiment(EXPERIMENT, LAYER, 10_000, "served", 10_000, "later", 0).build();
        long last = config.send(ConfigRecords.snapshot(experiment, 2));
        await().atMost(Duration.ofSeconds(60)).until(() -> http.configVersion() >= last);
        assignments = AvroTopics.reader(kafka, registry, Topics.ASSIGNMENTS.name());
        coverage = AvroTopics.reader(kafka, registry, Topics.COVERAGE.name());
    }

    @AfterAll
    void close() {
        config.close();
        assignments.close();
        coverage.close();
    }

    @Test
    void shouldRefuseExplainWith403WhenNoApiKeyIsConfiguredAndExplainIsNotEnabled() throws Exception {
        // given: this service runs without an API key and without ep.assignment.explain-enabled

        // when
        RawReply response = RawHttp.once(port, ServiceHttp.raw("GET", "/v1/explain?sessionId=s-explain-1", null, null));

        // then: no salts without a credential
        assertThat(response.status()).isEqualTo(403);
        assertThat(ServiceHttp.code(response)).isEqualTo("EXPLAIN_DISABLED");
        assertThat(response.text()).doesNotContain("hashSpec").contains("EP_ASSIGNMENT_EXPLAIN_ENABLED");
    }

    @Test
    void shouldRecordTheExposureAsServedWhenCoveredByTokenAfterTheConfigurationChanged() throws Exception {
        // given: an assignment with its token, on another page and without the context
        String session = "tok-" + UUID.randomUUID();
        String user = "u-" + session;
        JsonNode assigned = http.post("/v1/assign", Map.of("sessionId", session, "userId", user, "page", "home",
                "attributes", Map.of("country", "DE")));
        String token = assignmentOf(assigned, EXPERIMENT).get("exposureToken").asString();
        AssignmentDecision decision = assignments.awaitValue(r -> session.equals(r.key()));
        ExperimentAssignment decided = decision.getDecisions().stream()
                .filter(d -> d.getExperimentId().equals(EXPERIMENT)).findFirst().orElseThrow();

        // and a configuration change after it: a re-derivation would now give "later"
        long changed = config.send(ConfigRecords.snapshot(ConfigRecords.experiment(EXPERIMENT, LAYER, 10_000,
                "served", 0, "later", 10_000).build(), 3));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> http.configVersion() >= changed);

            // when
            JsonNode response = http.post("/v1/coverage", Map.of("sessionId", session, "page", "checkout",
                    "tokens", List.of(token)));

            // then: the treatment as served, the decision's unit, bucket, slot, configuration and time
            assertThat(response.at("/items/0/status").asString()).isEqualTo("covered");
            assertThat(response.at("/items/0/treatment").asString()).isEqualTo("served");
            CoverageEvent event = coverage.awaitValue(r -> session.equals(r.key()));
            assertThat(event.getTreatment()).isEqualTo("served");
            assertThat(event.getExperimentId()).isEqualTo(EXPERIMENT);
            assertThat(event.getLayerId()).isEqualTo(LAYER);
            assertThat(event.getExperimentVersion()).isEqualTo(2);
            assertThat(event.getPhase()).isEqualTo(decided.getPhase());
            assertThat(event.getUserId()).isEqualTo(user);
            assertThat(event.getUnitType()).isEqualTo(dev.ep.events.v1.UnitType.SESSION);
            assertThat(event.getUnitId()).isEqualTo(session);
            assertThat(event.getBucket()).isEqualTo(decided.getBucket());
            assertThat(event.getSlot()).isEqualTo(decided.getSlot());
            assertThat(event.getForced()).isFalse();
            assertThat(event.getConfigVersion()).isEqualTo(decision.getConfigVersion());
            assertThat(event.getDecisionTime()).isEqualTo(decision.getTime());
            assertThat(event.getTime()).isAfterOrEqualTo(decision.getTime());
            assertThat(event.getPage()).isEqualTo("checkout");
            assertThat(event.getExposureKey()).isEqualTo(EXPERIMENT + "/" + decided.getPhase() + "/SESSION/" + session);
        } finally {
            long restored = config.send(ConfigRecords.snapshot(experiment, 4));
            await().atMost(Duration.ofSeconds(30)).until(() -> http.configVersion() >= restored);
        }
    }

    @Test
    void shouldHandOutATokenWithEachAssignmentWhenTheGetFormIsUsed() {
        String session = "get-" + UUID.randomUUID();

        JsonNode assigned = http.get("/v1/assign?sessionId=" + session);
        String token = assignmentOf(assigned, EXPERIMENT).get("exposureToken").asString();
        JsonNode covered = http.post("/v1/coverage", Map.of("sessionId", session, "tokens", List.of(token)));

        assertThat(token).matches("[A-Za-z0-9_-]+").hasSizeLessThan(ExposureTokens.MAX_LENGTH);
        assertThat(covered.at("/items/0/experimentId").asString()).isEqualTo(EXPERIMENT);
        assertThat(coverage.awaitValue(r -> session.equals(r.key())).getDecisionTime()).isNotNull();
    }

    @Test
    void shouldRefuseTheWholeCallWith422AndEmitNothingWhenATokenIsForgedExpiredOrAnotherSessions() {
        // given: a genuine token of this session, and three bad ones
        String session = "bad-tok-" + UUID.randomUUID();
        String genuine = tokenFor(session);
        String forged = flipOneCharacter(genuine);
        String otherSessions = tokenFor("other-" + session);
        String expired = new ExposureTokens(TokenKey.parse(SECRET, "secret"), null, Duration.ofHours(24))
                .issue(new Exposure(session, null, LAYER, EXPERIMENT, 2, 1, "served", UnitType.SESSION, session, 1, 1,
                        false, 1), Instant.now().minus(Duration.ofDays(2)));
        String signedElsewhere = new ExposureTokens(TokenKey.parse(SECRET.replace('Z', 'Y'), "other"), null,
                Duration.ofHours(24)).issue(new Exposure(session, null, LAYER, EXPERIMENT, 2, 1, "served",
                UnitType.SESSION, session, 1, 1, false, 1), Instant.now());

        // when / then: one refusal per call, named
        assertRefused(session, List.of(genuine, forged), 1, "forged");
        assertRefused(session, List.of(expired, genuine), 0, "expired");
        assertRefused(session, List.of(genuine, otherSessions), 1, "other_session");
        assertRefused(session, List.of(signedElsewhere), 0, "forged");
        assertRefused(session, List.of("%%% not a token %%%"), 0, "forged");
        assertRefused(session, List.of("A".repeat(ExposureTokens.MAX_LENGTH + 1)), 0, "forged");

        // and the same token twice, or tokens mixed with a context, are the client's mistake (400)
        ServiceHttp.Response twice = http.exchange("/v1/coverage", Map.of("sessionId", session,
                "tokens", List.of(genuine, genuine)));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.code()).isEqualTo("INVALID_COVER");
        ServiceHttp.Response mixed = http.exchange("/v1/coverage", Map.of("sessionId", session,
                "tokens", List.of(genuine), "experiments", List.of(Map.of("experimentId", EXPERIMENT))));
        assertThat(mixed.status()).isEqualTo(400);
        ServiceHttp.Response empty = http.exchange("/v1/coverage", Map.of("sessionId", session, "tokens", List.of()));
        assertThat(empty.status()).isEqualTo(400);

        // then: nothing was recorded for the session but the marker sent after all of them
        http.post("/v1/coverage", Map.of("sessionId", session, "page", "marker", "tokens", List.of(genuine)));
        coverage.awaitValue(r -> session.equals(r.key()));
        assertThat(coverage.valuesOf(session)).singleElement()
                .satisfies(e -> assertThat(e.getPage()).isEqualTo("marker"));
    }

    private void assertRefused(String session, List<String> tokens, int index, String reason) {
        ServiceHttp.Response response = http.exchange("/v1/coverage", Map.of("sessionId", session, "tokens", tokens));
        assertThat(response.status()).as("%s: %s", reason, response.body()).isEqualTo(422);
        assertThat(response.code()).isEqualTo("EXPOSURE_TOKEN_REFUSED");
        assertThat(response.body().get("type").asString()).isEqualTo("/problems/exposure-token-refused");
        assertThat(response.body().at("/refusedTokens/0/index").asInt()).isEqualTo(index);
        assertThat(response.body().at("/refusedTokens/0/reason").asString()).isEqualTo(reason);
        assertThat(response.body().get("detail").asString()).contains("tokens[" + index + "]", "nothing recorded");
    }

    private String tokenFor(String session) {
        JsonNode assigned = http.post("/v1/assign", Map.of("sessionId", session));
        return assignmentOf(assigned, EXPERIMENT).get("exposureToken").asString();
    }

    private static String flipOneCharacter(String token) {
        char[] chars = token.toCharArray();
        int i = chars.length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new String(chars);
    }
}
