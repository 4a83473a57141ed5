package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api;
import dev.ep.config.support.Api.Response;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The endpoints the web console needs beside the experiment commands, over real HTTP: who the token is
 * ({@code GET /v1/me}) and the targeting rule check as the owner types ({@code POST /v1/targeting/validate}).
 */
@SpringBootTest(properties = {"ep.config.security.dev-tokens=true",
        "ep.config.security.tokens[0].principal=team-cart",
        "ep.config.security.tokens[0].role=owner",
        // sha256 of "cart-owner-token"
        "ep.config.security.tokens[0].sha256=" + ConsoleSupportIT.CART_OWNER_SHA256,
        "ep.config.security.tokens[0].teams=team-cart,team-checkout"},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConsoleSupportIT {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSupportIT.class);

    static final String CART_OWNER = "cart-owner-token";
    static final String CART_OWNER_SHA256 = "eb39a0dbc96646940586c7f2ecf7820f1d3e6ff3631fcd26c3fc957415d4b55f";
    static final Database DB = TestPlatform.postgres().newDatabase("config_console");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        ConfigTopics.register(registry, DB);
    }

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    // ------------------------------------------------------------------ GET /v1/me

    @Test
    void shouldDescribeEachDevelopmentTokenWhenAskedWhoItIs() {
        LOG.info("README example: GET /v1/me answered {}", api.get("/v1/me", Api.OWNER).text());
        assertThat(api.get("/v1/me", Api.OWNER).json().toString()).isEqualTo(
                "{\"name\":\"dev-owner\",\"role\":\"owner\",\"teams\":[\"*\"],\"canWrite\":true,\"canChangePlatform\":false}");
        assertThat(api.get("/v1/me", Api.ADMIN).json().toString()).isEqualTo(
                "{\"name\":\"dev-admin\",\"role\":\"admin\",\"teams\":[\"*\"],\"canWrite\":true,\"canChangePlatform\":true}");
        assertThat(api.get("/v1/me", Api.VIEWER).json().toString()).isEqualTo(
                "{\"name\":\"dev-viewer\",\"role\":\"viewer\",\"teams\":[],\"canWrite\":false,\"canChangePlatform\":false}");
    }

    @Test
    void shouldListAConfiguredOwnersTeamsWhenItIsBoundToSome() {
        JsonNode me = api.get("/v1/me", CART_OWNER).json();

        assertThat(me.path("name").asString()).isEqualTo("team-cart");
        assertThat(me.path("teams").toString()).isEqualTo("[\"team-cart\",\"team-checkout\"]");
        assertThat(me.path("canWrite").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswer401ProblemWhenTheTokenIsMissingOrUnknown() {
        for (String token : new String[] {null, "not-a-token", ""}) {
            Response r = api.get("/v1/me", token);

            assertThat(r.status()).as("token %s", token).isEqualTo(401);
            assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
            assertThat(r.headers().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(r.headers().getContentType().toString()).startsWith("application/problem+json");
        }
    }

    @Test
    void shouldRefuseOtherMethodsAndQueryParametersWhenAskingWhoIAm() {
        assertThat(api.post("/v1/me", Api.OWNER, "{}").status()).isEqualTo(405);
        Response r = api.get("/v1/me?as=dev-admin", Api.VIEWER);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
    }

    // ------------------------------------------------------------------ POST /v1/targeting/validate

    @Test
    void shouldAnswerValidForEveryRoleWhenTheTargetingIsAccepted() {
        String body = """
                {"pages": ["checkout"], "rule": {"all": [{"eq": {"attribute": "country", "value": "DE"}},
                                                          {"gt": {"attribute": "cart_value", "value": 50}}]}}
                """;
        for (String token : new String[] {Api.VIEWER, Api.OWNER, Api.ADMIN, CART_OWNER}) {
            Response r = api.post(VALIDATE, token, body);

            assertThat(r.status()).as(token).isEqualTo(200);
            assertThat(r.json().toString()).isEqualTo("{\"valid\":true}");
        }
        assertThat(api.post(VALIDATE, Api.VIEWER, "{}").json().path("valid").asBoolean()).isTrue();
        assertThat(api.post(VALIDATE, Api.VIEWER,
                "{\"rule\": \"{\\\"exists\\\": {\\\"attribute\\\": \\\"user_id\\\"}}\"}").status()).isEqualTo(200);
    }

    @Test
    void shouldGiveTheProblemACreateWouldGiveWhenTheRuleIsInvalid() {
        // given: the same invalid rule in a draft and in a validation
        String rule = "{\"all\": [{\"eq\": {\"attribute\": \"country\", \"value\": \"DE\"}},"
                + " {\"gt\": {\"attribute\": \"cart_value\", \"value\": \"50\"}}]}";
        long events = events();

        Response created = api.post("/v1/experiments", Api.OWNER, """
                {"id": "v-create", "name": "n", "owner": "team-checkout", "layer": "default",
                 "treatments": [{"name": "control", "control": true, "weight": 50}, {"name": "b", "weight": 50}],
                 "targeting": {"rule": %s}}
                """.formatted(rule));
        Response validated = api.post(VALIDATE, Api.VIEWER, "{\"rule\": " + rule + "}");
        LOG.info("README example: validate answered {}", validated.text());

        // then: the same status, code and detail, with the field named; nothing appended
        assertThat(created.status()).isEqualTo(400);
        assertThat(validated.status()).isEqualTo(400);
        assertThat(validated.code()).isEqualTo(created.code()).isEqualTo("INVALID_TARGETING");
        assertThat(validated.detail()).isEqualTo(created.detail())
                .isEqualTo("targeting.rule.all[1].gt: value must be a number, got a string");
        assertThat(validated.json().path("field").asString()).isEqualTo("targeting.rule.all[1].gt");
        assertThat(validated.headers().getContentType().toString()).startsWith("application/problem+json");
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void shouldNameLineAndColumnWhenTheRuleTextIsNotJson() {
        Response r = api.post(VALIDATE, Api.OWNER, "{\"rule\": \"{\\\"eq\\\": {\\n\\\"attribute\\\": }}\"}");
        LOG.info("README example: validate of rule text answered {}", r.text());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("INVALID_TARGETING");
        assertThat(r.json().path("field").asString()).isEqualTo("targeting.rule");
        assertThat(r.json().path("line").asInt()).isEqualTo(2);
        assertThat(r.json().path("column").asInt()).isEqualTo(14);
        assertThat(r.detail()).startsWith("targeting.rule: malformed JSON at line 2, column 14: ");
    }

    @Test
    void shouldRefuseMalformedBodiesWithTheirOwnProblemWhenValidating() {
        long events = events();

        assertProblem(api.post(VALIDATE, Api.VIEWER, "{\"rules\": {}}"), 400, "UNKNOWN_FIELD",
                "rules: unknown field (known fields: pages, rule)");
        assertProblem(api.post(VALIDATE, Api.VIEWER, "{\"rule\": {\"exists\": {\"attribute\": \"a\"}}"), 400,
                "MALFORMED_JSON", "malformed JSON");
        assertProblem(api.post(VALIDATE, Api.VIEWER, "{\"rule\": {}, \"rule\": {}}"), 400, "MALFORMED_JSON",
                "Duplicate");
        assertProblem(api.post(VALIDATE, Api.VIEWER, "[]"), 400, "WRONG_TYPE", "body: wrong type");
        assertProblem(api.post(VALIDATE, Api.VIEWER, null), 400, "MALFORMED_JSON", "a JSON request body is required");
        assertProblem(api.post(VALIDATE, Api.VIEWER, "{\"rule\": null}"), 400, "INVALID_TARGETING",
                "targeting.rule: ");
        assertProblem(api.post(VALIDATE, Api.VIEWER, "{\"pages\": \"checkout\"}"), 400, "INVALID_TARGETING",
                "targeting.pages: must be an array of page ids, got a string");
        // malformed UTF-8 inside a string of the body
        byte[] utf8 = "{\"rule\": \"{\\\"exists\\\": {\\\"attribute\\\": \\\"a\\\"}}\", \"pages\": [\"x?\"]}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        utf8[utf8.length - 4] = (byte) 0xC3; // a lead byte followed by '"' instead of a continuation byte
        assertProblem(api.callBytes(org.springframework.http.HttpMethod.POST, VALIDATE, Api.VIEWER, utf8, null), 400,
                "MALFORMED_JSON", "UTF-8");
        assertThat(api.post(VALIDATE, Api.VIEWER, "{}").status()).isEqualTo(200);
        assertThat(events()).isEqualTo(events);
    }

    @Test
    void shouldRefuseHugeBodiesAndRulesWhenValidating() {
        // a body over the service's 64 KiB limit: 413 before it is read
        String huge = "{\"rule\": \"" + "x".repeat(70_000) + "\"}";
        assertProblem(api.post(VALIDATE, Api.VIEWER, huge), 413, "PAYLOAD_TOO_LARGE", "at most 65536");

        // a rule within the body limit but over the language's node budget
        StringBuilder rule = new StringBuilder("{\"all\": [");
        for (int i = 0; i < 60; i++) {
            rule.append(i == 0 ? "" : ",").append("{\"any\": [");
            for (int j = 0; j < 5; j++) {
                rule.append(j == 0 ? "" : ",").append("{\"exists\": {\"attribute\": \"a\"}}");
            }
            rule.append("]}");
        }
        rule.append("]}");
        assertProblem(api.post(VALIDATE, Api.VIEWER, "{\"rule\": " + rule + "}"), 400, "INVALID_TARGETING",
                "more than 256 nodes");
    }

    @Test
    void shouldNeedAValidTokenWhenValidating() {
        assertProblem(api.post(VALIDATE, null, "{}"), 401, "UNAUTHENTICATED", "bearer token is required");
        assertProblem(api.post(VALIDATE, "nope", "{}"), 401, "UNAUTHENTICATED", "not valid");
        assertProblem(api.post(VALIDATE + "?strict=true", Api.VIEWER, "{}"), 400, "INVALID_PARAMETER",
                "strict: unknown query parameter");
    }

    private static final String VALIDATE = "/v1/targeting/validate";

    private long events() {
        return api.get("/v1/audit/verify", Api.VIEWER).json().path("verifiedThrough").asLong();
    }

    private static void assertProblem(Response r, int status, String code, String detailPart) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.code()).as(r.text()).isEqualTo(code);
        assertThat(r.detail()).as(r.text()).contains(detailPart);
    }
}
