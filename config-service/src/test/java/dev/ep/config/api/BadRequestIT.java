package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api;
import dev.ep.config.support.Api.Response;
import dev.ep.config.support.Bodies;
import dev.ep.config.view.Json;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of bad request gets its own 4xx problem detail (type, title, status, detail, code) and leaves the
 * event log exactly as it was.
 */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BadRequestIT {

    static final Database DB = TestPlatform.postgres().newDatabase("config_bad");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        ConfigTopics.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    Api api;

    @BeforeEach
    void fixtures() {
        api = new Api(port);
        if (api.get("/v1/layers/checkout", Api.VIEWER).status() == 404) {
            api.post("/v1/layers", Api.ADMIN, Bodies.layer("checkout"));
            api.post("/v1/experiments", Api.OWNER, Bodies.experiment("running", "checkout"));
            api.post("/v1/experiments/running/start", Api.OWNER, "{\"trafficPercent\": 60, \"reason\": \"go\"}");
            api.post("/v1/experiments", Api.OWNER, Bodies.experiment("draft", "checkout"));
        }
    }

    @Test
    void shouldRefuseMalformedJson() {
        refused(() -> api.post("/v1/layers", Api.ADMIN, "{\"id\": \"x\", "), 400, "MALFORMED_JSON", "malformed JSON");
        refused(() -> api.post("/v1/layers", Api.ADMIN, "{\"id\": \"x\", \"id\": \"y\", \"name\": \"n\"}"), 400,
                "MALFORMED_JSON", "Duplicate");
        refused(() -> api.post("/v1/layers", Api.ADMIN, "{\"id\": \"x\", \"name\": \"n\"} {}"), 400,
                "MALFORMED_JSON", "");
        refused(() -> api.post("/v1/layers", Api.ADMIN, ""), 400, "MALFORMED_JSON", "body is required");
    }

    @Test
    void shouldNameTheFieldWhenItHasTheWrongType() {
        refused(() -> api.post("/v1/experiments/draft/start", Api.OWNER,
                "{\"trafficPercent\": \"ten\", \"reason\": \"go\"}"), 400, "WRONG_TYPE", "trafficPercent");
        refused(() -> api.post("/v1/layers", Api.ADMIN, "{\"id\": \"x\", \"name\": 5}"), 400, "WRONG_TYPE",
                "name: wrong type, expected a string");
        refused(() -> api.post("/v1/experiments/draft/start", Api.OWNER,
                "{\"trafficBasisPoints\": 10.5, \"reason\": \"go\"}"), 400, "WRONG_TYPE", "trafficBasisPoints");
        refused(() -> api.put("/v1/experiments/draft/overrides", Api.OWNER, "{\"overrides\": [\"qa-1\"]}"), 400,
                "WRONG_TYPE", "overrides");
    }

    @Test
    void shouldNameTheUnknownFieldWhenABodyHasATypo() {
        refused(() -> api.put("/v1/experiments/running/weights", Api.OWNER,
                "{\"weigths\": {\"control\": 50, \"green\": 25, \"blue\": 25}}"), 400, "UNKNOWN_FIELD",
                "weigths: unknown field");
        refused(() -> api.post("/v1/experiments", Api.OWNER, Bodies.experiment("typo", "checkout")
                .replace("\"control\": true", "\"contrl\": true")), 400, "UNKNOWN_FIELD", "treatments[0].contrl");
        // nor can a client name the actor: events record the token's principal
        refused(() -> api.post("/v1/experiments/draft/start", Api.OWNER,
                "{\"trafficPercent\": 1, \"reason\": \"go\", \"actor\": \"mallory\"}"), 400, "UNKNOWN_FIELD",
                "actor: unknown field");
        refused(() -> api.post("/v1/experiments/draft/start?caller=mallory", Api.OWNER,
                "{\"trafficPercent\": 1, \"reason\": \"go\"}"), 400, "INVALID_PARAMETER", "caller: unknown query parameter");
    }

    @Test
    void shouldAnswer413WhenTheBodyIsLargerThanTheLimit() throws Exception {
        String huge = "{\"id\": \"big\", \"name\": \"n\", \"description\": \"" + "x".repeat(70_000) + "\"}";
        refused(() -> api.post("/v1/layers", Api.ADMIN, huge), 413, "PAYLOAD_TOO_LARGE", "65536");

        // without a Content-Length (chunked), the body is cut off while it is read
        long before = events();
        HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/layers"))
                .header("Authorization", "Bearer " + Api.ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Json.parse(response.body()).path("code").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void shouldAnswer401WithoutOrWithAnUnknownToken() {
        Response missing = refused(() -> api.post("/v1/layers", null, Bodies.layer("nope")), 401, "UNAUTHENTICATED",
                "bearer token is required");
        assertThat(missing.headers().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
        refused(() -> api.post("/v1/layers", "not-a-token", Bodies.layer("nope")), 401, "UNAUTHENTICATED",
                "not valid");
        refused(() -> api.get("/v1/experiments", null), 401, "UNAUTHENTICATED", "");
    }

    @Test
    void shouldAnswer403WhenAViewerWrites() {
        refused(() -> api.post("/v1/experiments/running/stop", Api.VIEWER, "{\"reason\": \"mine now\"}"), 403,
                "FORBIDDEN", "role viewer");
    }

    @Test
    void shouldRefuseInvalidTargetingRules() {
        refused(() -> api.put("/v1/experiments/draft/targeting", Api.OWNER,
                "{\"targeting\": {\"rule\": {\"regex\": {\"attribute\": \"country\", \"value\": \"D.*\"}}}}"), 400,
                "INVALID_TARGETING", "targeting.rule");
        refused(() -> api.put("/v1/experiments/draft/targeting", Api.OWNER,
                "{\"targeting\": {\"rule\": {\"gt\": {\"attribute\": \"age\", \"value\": \"30\"}}}}"), 400,
                "INVALID_TARGETING", "must be a number");
    }

    @Test
    void shouldRefuseIllegalTransitionsAndChangesTheStatusDoesNotAllow() {
        refused(() -> api.post("/v1/experiments/running/resume", Api.OWNER, null), 409, "ILLEGAL_TRANSITION",
                "resume is allowed only from PAUSED");
        refused(() -> api.post("/v1/experiments/draft/ramp", Api.OWNER, "{\"trafficPercent\": 5, \"reason\": \"x\"}"),
                409, "WRONG_STATUS", "DRAFT");
        refused(() -> api.put("/v1/experiments/running", Api.OWNER, Bodies.experiment("running", "checkout")), 409,
                "WRONG_STATUS", "only a DRAFT can be edited");
    }

    @Test
    void shouldSayHowMuchIsFreeWhenTheLayerIsFull() {
        refused(() -> api.post("/v1/experiments/draft/start", Api.OWNER, "{\"trafficPercent\": 50, \"reason\": \"go\"}"),
                409, "LAYER_CAPACITY_EXCEEDED", "has 4000 free buckets (40%)");
    }

    @Test
    void shouldRefuseInvalidValuesWithTheirOwnCodes() {
        refused(() -> api.post("/v1/experiments/draft/start", Api.OWNER, "{\"trafficPercent\": 10}"), 400,
                "REASON_REQUIRED", "reason");
        refused(() -> api.put("/v1/experiments/running/weights", Api.OWNER,
                "{\"weights\": {\"control\": 50, \"green\": 25, \"blue\": 20}}"), 400, "INVALID_WEIGHTS", "95");
        refused(() -> api.put("/v1/experiments/running/weights", Api.OWNER,
                "{\"weights\": {\"control\": 50, \"green\": 50}}"), 409, "TREATMENTS_FIXED", "missing: blue");
        refused(() -> api.post("/v1/experiments", Api.OWNER, Bodies.experiment("Bad Id", "checkout")), 400,
                "INVALID_FIELD", "experiment id");
        refused(() -> api.post("/v1/experiments", Api.OWNER, Bodies.experiment("other", "nowhere")), 422,
                "UNKNOWN_LAYER", "nowhere");
        refused(() -> api.post("/v1/experiments", Api.OWNER, Bodies.experiment("running", "checkout")), 409,
                "EXPERIMENT_ALREADY_EXISTS", "never reused");
        refused(() -> api.post("/v1/experiments/missing/pause", Api.OWNER, null), 404, "EXPERIMENT_NOT_FOUND",
                "missing");
        refused(() -> api.call(HttpMethod.POST, "/v1/experiments/draft/start", Api.OWNER,
                "{\"trafficPercent\": 1, \"reason\": \"go\"}", "banana"), 400, "INVALID_PARAMETER", "If-Match");
        refused(() -> api.get("/v1/experiments?status=weird", Api.VIEWER), 400, "INVALID_FIELD", "status");
        refused(() -> api.call(HttpMethod.DELETE, "/v1/experiments/draft", Api.OWNER, null, null), 405,
                "METHOD_NOT_ALLOWED", "DELETE");
    }

    @Test
    void shouldNameTheUnknownQueryParameterWhenAFilterHasATypo() {
        refused(() -> api.get("/v1/experiments?stauts=running", Api.VIEWER), 400, "INVALID_PARAMETER",
                "stauts: unknown query parameter (known: layer, owner, status)");
        refused(() -> api.get("/v1/layers/checkout?verbose=true", Api.VIEWER), 400, "INVALID_PARAMETER",
                "verbose: unknown query parameter (this endpoint takes none)");
    }

    @Test
    void shouldAnswerWithAShortProblemWhenANumberHasAnExtremeExponent() {
        // a 45-byte body once produced a 1 GB problem detail (BigDecimal.toPlainString of 1e999999999)
        Response traffic = refused(() -> api.post("/v1/experiments/draft/start", Api.OWNER,
                "{\"trafficPercent\": 1e999999999, \"reason\": \"go\"}"), 400, "INVALID_TRAFFIC",
                "traffic: must be between 0.01% and 100%, got 1E+999999999%");
        assertThat(traffic.text()).hasSizeLessThan(1_000);
        // and adding 1e-999999999 to 50 once kept a request thread computing a billion digits
        refused(() -> api.put("/v1/experiments/running/weights", Api.OWNER,
                "{\"weights\": {\"control\": 1e-999999999, \"green\": 50, \"blue\": 50}}"), 400, "INVALID_WEIGHTS",
                "weights[0]: must be at most 10000 with at most 20 decimals, got 1E-999999999");
        refused(() -> api.put("/v1/holdout", Api.ADMIN, "{\"percent\": 1e-999999999}"), 400, "INVALID_FIELD",
                "percent: at most 2 decimals, got 1E-999999999");
    }

    private Response refused(Supplier<Response> request, int status, String code, String detail) {
        long before = events();
        String head = head();
        Response r = request.get();
        JsonNode problem = r.json();
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.headers().getContentType()).hasToString("application/problem+json");
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asString())
                .isEqualTo("https://ep.dev/problems/" + code.toLowerCase().replace('_', '-'));
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).contains(detail);
        assertThat(events()).as("event count after " + code).isEqualTo(before);
        assertThat(head()).isEqualTo(head);
        return r;
    }

    private long events() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM config_event", Long.class);
        return n == null ? -1 : n;
    }

    private String head() {
        return jdbc.queryForObject("SELECT last_sequence || ':' || coalesce(last_hash, '') FROM config_chain_head",
                String.class);
    }
}
