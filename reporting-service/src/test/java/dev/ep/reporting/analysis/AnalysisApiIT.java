package dev.ep.reporting.analysis;

import dev.ep.stats.analysis.AnalysisLimits;
import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.Analyzer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.access.TokenHashes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import dev.ep.reporting.ReportingInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/analysis} and {@code POST /v1/power} over real HTTP: the README's worked example, authentication,
 * and a 4xx problem detail (never a 500) for every kind of bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ep.reporting.security.token-hashes=" + AnalysisApiIT.TOKEN_HASH,
        "ep.reporting.max-request-bytes=65536"})
class AnalysisApiIT {

    /** The service needs its broker and registry to start; the tests here do not use them. */
    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws java.io.IOException {
        java.nio.file.Path state = java.nio.file.Files.createTempDirectory("ep-reporting-state");
        ReportingInstance.properties(ReportingInstance.Deployment.unique(), state).forEach((k, v) -> {
            if (!k.equals("server.port") && !k.equals("ep.reporting.security.dev-tokens")) {
                registry.add(k, () -> v);
            }
        });
    }

    static final String TOKEN = "test-reporting-viewer-token";
    /** printf '%s' test-reporting-viewer-token | sha256sum */
    static final String TOKEN_HASH = "0079da6c10b7d4666bbf2036971099d8ccbcb000972d12269c57d827a6c3c64c";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A small conversion-only request, the base of the bad-input cases. */
    static final String WORKED_EXAMPLE = """
            {
              "control": "control",
              "alpha": 0.05,
              "expectedWeightsBasisPoints": {"control": 5000, "treatment": 5000},
              "coverageUnits": {"control": 1000, "treatment": 1010},
              "assignmentUnits": {"control": 1200, "treatment": 1190},
              "metrics": [
                {"metric": "conversion", "kind": "PROPORTION", "role": "PRIMARY", "tau2": null,
                 "arms": [
                   {"treatment": "control", "n": 1000, "sumY": 100, "sumY2": 100, "sumX": 0, "sumX2": 0, "sumXY": 0},
                   {"treatment": "treatment", "n": 1010, "sumY": 130, "sumY2": 130, "sumX": 0, "sumX2": 0, "sumXY": 0}
                 ]}
              ]
            }
            """;

    @LocalServerPort
    int port;

    @Test
    void shouldMatchTheTokenHashOfTheTestToken() {
        assertThat(TokenHashes.hash(TOKEN)).isEqualTo(TOKEN_HASH);
    }

    @Test
    void shouldReturnTheAnalyzersFiguresWhenASmallRequestIsPosted() throws Exception {
        // when
        HttpResponse<String> response = post("/v1/analysis", WORKED_EXAMPLE, TOKEN);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        JsonNode comparison = body.at("/metrics/0/comparisons/0");
        assertThat(comparison.get("treatment").asString()).isEqualTo("treatment");
        assertThat(comparison.get("status").asString()).isEqualTo("OK");
        // scipy.stats.ttest_ind_from_stats(130/1010, sd_t, 1010, 0.1, sd_c, 1000, equal_var=False): see README
        assertThat(comparison.get("pValue").asDouble()).isCloseTo(0.043097088099503036, org.assertj.core.api.Assertions.within(1e-12));
        AnalysisResult direct = new Analyzer().analyze(JSON.readValue(WORKED_EXAMPLE, AnalysisRequest.class));
        assertThat(comparison.get("pValue").asDouble()).isEqualTo(direct.metrics().get(0).comparisons().get(0).pValue());
        assertThat(body.at("/srmCoverage/fixedHorizonP").isNumber()).isTrue();
        assertThat(response.body()).doesNotContain("NaN", "Infinity");
    }

    @Test
    void shouldGiveTheReadmesScipyFiguresWhenTheReadmesWorkedExampleIsPosted() throws Exception {
        // given reporting-service/README.md's request (sums of seeded raw units)
        String request = new String(AnalysisApiIT.class.getResourceAsStream("worked-example.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);

        // when
        HttpResponse<String> response = post("/v1/analysis", request, TOKEN);

        // then: the figures scipy computed from the raw units (README, "Checking it yourself")
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertRelative(body.at("/metrics/0/comparisons/0/pValue"), 0.7196459781100507);
        assertRelative(body.at("/metrics/0/comparisons/0/statistic"), 0.3589824312482737);
        assertRelative(body.at("/metrics/1/comparisons/0/pValue"), 0.8103658303224803);
        assertRelative(body.at("/metrics/1/comparisons/0/cuped/theta"), 1.415872936993525);
        assertRelative(body.at("/metrics/1/comparisons/0/cuped/pValue"), 0.330614021834286);
        assertRelative(body.at("/srmCoverage/fixedHorizonP"), 0.8234966946547395);
        assertThat(body.at("/metrics/2/adjustment").asString()).isEqualTo("UNADJUSTED_SECONDARY");
    }

    private static void assertRelative(JsonNode actual, double expected) {
        assertThat(actual.isNumber()).as("%s is a number", actual).isTrue();
        assertThat(actual.asDouble()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12 * expected));
    }

    @Test
    void shouldAnswer401WithAProblemWhenTheTokenIsMissingOrUnknown() throws Exception {
        for (String token : new String[] {null, "wrong", TOKEN_HASH}) {
            HttpResponse<String> response = post("/v1/analysis", WORKED_EXAMPLE, token);
            assertThat(response.statusCode()).as("token %s", token).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertProblem(response, "UNAUTHENTICATED");
        }
    }

    @Test
    void shouldNeverAnswerWithoutATokenWhateverThePathSpelling() throws Exception {
        for (String path : List.of("/v1/analysis;x=y", "//v1/analysis", "/v1/%61nalysis", "/v1/analysis/",
                "/v1/./analysis", "/V1/analysis", "/v1/power;a=b")) {
            HttpResponse<String> response = post(path, WORKED_EXAMPLE, null);
            assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
            assertThat(response.body()).as(path).doesNotContain("comparisons", "unitsPerArm");
        }
    }

    @Test
    void shouldAnswer400NamingTheFieldWhenStatisticsAreImpossible() throws Exception {
        rejects(WORKED_EXAMPLE.replace("\"control\": \"control\"", "\"control\": \"nobody\""), "INVALID_REQUEST",
                "metrics[0].arms");
        rejects(WORKED_EXAMPLE.replace("\"n\": 1000", "\"n\": -1"), "INVALID_REQUEST", "metrics[0].arms[0].n");
        rejects(WORKED_EXAMPLE.replace("\"sumY2\": 100", "\"sumY2\": 1"), "INVALID_REQUEST",
                "metrics[0].arms[0].sumY2");
        rejects(WORKED_EXAMPLE.replace("\"alpha\": 0.05", "\"alpha\": 1.5"), "INVALID_REQUEST", "alpha");
        rejects(WORKED_EXAMPLE.replace("\"alpha\": 0.05", "\"alpha\": 1e400"), "INVALID_REQUEST", "alpha");
        rejects(WORKED_EXAMPLE.replace("\"treatment\": 5000", "\"treatment\": 4000"), "INVALID_REQUEST",
                "expectedWeightsBasisPoints");
        rejects(WORKED_EXAMPLE.replace("\"sumY\": 100,", "\"sumY\": 1e50,"), "INVALID_REQUEST",
                "metrics[0].arms[0].sumY");
        rejects(WORKED_EXAMPLE.replace("\"tau2\": null", "\"tau2\": -1"), "INVALID_REQUEST", "metrics[0].tau2");
        rejects(WORKED_EXAMPLE.replace("\"coverageUnits\": {\"control\": 1000",
                "\"coverageUnits\": {\"other\": 5, \"control\": 1000"), "INVALID_REQUEST", "coverageUnits.other");
        StringBuilder arms = new StringBuilder();
        for (int i = 0; i < AnalysisLimits.MAX_ARMS; i++) {
            arms.append("{\"treatment\": \"t").append(i).append("\", \"n\": 2, \"sumY\": 1, \"sumY2\": 1},");
        }
        rejects(WORKED_EXAMPLE.replace("\"arms\": [", "\"arms\": [" + arms), "INVALID_REQUEST", "metrics[0].arms");
    }

    @Test
    void shouldAnswer400WhenTheJsonIsMalformedOrMistyped() throws Exception {
        rejects("{\"control\": ", "MALFORMED_JSON", null);
        rejects(WORKED_EXAMPLE + "{}", "MALFORMED_JSON", null);
        rejects(WORKED_EXAMPLE.replace("\"alpha\": 0.05", "\"alpha\": 0.05, \"alfa\": 1"), "UNKNOWN_FIELD", "alfa");
        rejects(WORKED_EXAMPLE.replace("\"alpha\": 0.05,", ""), "INVALID_REQUEST", "alpha");
        rejects(WORKED_EXAMPLE.replace("\"n\": 1000", "\"n\": 1000.5"), "WRONG_TYPE", "metrics[0].arms[0].n");
        rejects(WORKED_EXAMPLE.replace("\"n\": 1000", "\"n\": \"1000\""), "WRONG_TYPE", "metrics[0].arms[0].n");
        rejects(WORKED_EXAMPLE.replace("\"PROPORTION\"", "\"SHARE\""), "WRONG_TYPE", "metrics[0].kind");
        rejects(WORKED_EXAMPLE.replace("\"arms\": [", "\"arms\": [null, "), "INVALID_REQUEST", null);
        rejects(WORKED_EXAMPLE.replace("\"treatment\": \"control\",", ""), "INVALID_REQUEST", null);
        rejects("null", "MALFORMED_JSON", null);
        rejects("[]", "WRONG_TYPE", null);
        rejects("{\"alpha\": 0.05, \"alpha\": 0.1}", "MALFORMED_JSON", null);
    }

    @Test
    void shouldAnswer413And415And405WhenTheRequestIsOutOfBounds() throws Exception {
        String huge = "{\"control\": \"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> tooLarge = post("/v1/analysis", huge, TOKEN);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertProblem(tooLarge, "PAYLOAD_TOO_LARGE");

        HttpResponse<String> text = send(HttpRequest.newBuilder(uri("/v1/analysis"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(WORKED_EXAMPLE)).build());
        assertThat(text.statusCode()).isEqualTo(415);
        assertProblem(text, "UNSUPPORTED_MEDIA_TYPE");

        HttpResponse<String> get = send(HttpRequest.newBuilder(uri("/v1/analysis"))
                .header("Authorization", "Bearer " + TOKEN).GET().build());
        assertThat(get.statusCode()).isEqualTo(405);
        assertProblem(get, "METHOD_NOT_ALLOWED");
    }

    @Test
    void shouldGiveStatsmodelsSampleSizeWhenPowerIsAsked() throws Exception {
        // given d = 0.1·10/5 = 0.2: NormalIndPower().solve_power(0.2, alpha=0.05, power=0.8) = 392.443...
        String body = """
                {"relativeMde": 0.1, "baselineMean": 10, "baselineVariance": 25, "alpha": 0.05, "power": 0.8,
                 "dailyExposedUnits": 100}
                """;

        // when
        HttpResponse<String> response = post("/v1/power", body, TOKEN);

        // then
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body());
        assertThat(result.get("unitsPerArmExact").asDouble()).isCloseTo(392.443, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(result.get("unitsPerArm").asLong()).isEqualTo(393);
        assertThat(result.get("totalUnits").asLong()).isEqualTo(786);
        assertThat(result.get("days").asLong()).isEqualTo(8);
    }

    @Test
    void shouldAnswer400WhenThePowerQuestionHasNoAnswer() throws Exception {
        rejectsAt("/v1/power", "{\"relativeMde\": 0, \"baselineMean\": 10, \"baselineVariance\": 25}",
                "INVALID_REQUEST", "relativeMde");
        rejectsAt("/v1/power", "{\"relativeMde\": 0.1, \"baselineMean\": 10}", "INVALID_REQUEST", "baselineVariance");
        rejectsAt("/v1/power", "{\"relativeMde\": 0.1, \"baselineMean\": 10, \"baselineVariance\": 25, \"power\": 1}",
                "INVALID_REQUEST", "power");
        rejectsAt("/v1/power", "{\"relativeMde\": 1e-300, \"baselineMean\": 10, \"baselineVariance\": 25}",
                "INVALID_REQUEST", "relativeMde");
        rejectsAt("/v1/power", "{\"relativeMde\": 0.1, \"baselineMean\": 10, \"baselineVariance\": 25, \"arms\": 1}",
                "INVALID_REQUEST", "arms");
    }

    @Test
    void shouldServeTheOpenApiDocumentWithBothOperationsWithoutAToken() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/v3/api-docs")).GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = JSON.readTree(response.body());
        assertThat(document.at("/paths/~1v1~1analysis/post").isObject()).isTrue();
        assertThat(document.at("/paths/~1v1~1power/post").isObject()).isTrue();
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
    }

    private void rejects(String body, String code, String field) throws Exception {
        rejectsAt("/v1/analysis", body, code, field);
    }

    private void rejectsAt(String path, String body, String code, String field) throws Exception {
        HttpResponse<String> response = post(path, body, TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode problem = assertProblem(response, code);
        if (field != null) {
            assertThat(problem.get("field").asString()).as(response.body()).isEqualTo(field);
        }
    }

    private static JsonNode assertProblem(HttpResponse<String> response, String code) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("code").asString()).as(response.body()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(problem.get("type").asString()).startsWith("https://ep.dev/problems/");
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
