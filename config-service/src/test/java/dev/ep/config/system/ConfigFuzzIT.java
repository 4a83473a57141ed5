package dev.ep.config.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api;
import dev.ep.config.support.Bodies;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.fuzz.Endpoint;
import dev.ep.testsupport.fuzz.FuzzReport;
import dev.ep.testsupport.fuzz.FuzzSettings;
import dev.ep.testsupport.fuzz.Fuzzer;
import dev.ep.testsupport.fuzz.Surface;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9 §4: the shared seeded fuzzer (test-support {@code dev.ep.testsupport.fuzz}) against the whole running
 * service, every endpoint and method, with owner, admin and viewer tokens, with none and with broken ones. Fails on
 * any 5xx or dropped connection; afterwards the service is healthy, a known-good read still answers, and the event
 * log's hash chain is intact (whatever hostile writes were accepted went through the normal command path).
 * {@code -Dep.fuzz.requests=10000} for the long run (see test-support/README.md).
 */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true",
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConfigFuzzIT {

    private static final Database DB = TestPlatform.postgres().newDatabase("config_fuzz");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        ConfigTopics.register(registry, DB);
    }

    @LocalServerPort
    int port;

    static Surface surface() {
        String reason = "{\"trafficPercent\": 20, \"reason\": \"fuzz\"}";
        return Surface.builder("config-service")
                .credential("Authorization: Bearer " + Api.OWNER)
                .credential("Authorization: Bearer " + Api.ADMIN)
                .credential("Authorization: Bearer " + Api.VIEWER)
                .values("id", "running", "draft", "checkout", "missing", "fuzz-1")
                .values("sequence", "1", "0", "-1")
                .values("status", "RUNNING", "DRAFT", "running")
                .values("dryRun", "true", "false", "yes")
                .values("layer", "checkout", "none")
                .values("owner", "team-checkout", "team%20a")
                .values("name", "conversion", "fuzz_clicks", "missing", "CONVERSION")
                .json("POST", "/v1/layers", Bodies.layer("fuzz-layer"))
                .get("/v1/layers")
                .get("/v1/layers/{id}")
                .get("/v1/holdout")
                .json("PUT", "/v1/holdout", "{\"percent\": 5, \"unit\": \"session\", \"reason\": \"fuzz\"}")
                .json("POST", "/v1/experiments", Bodies.experiment("fuzz-1", "checkout"))
                .json("PUT", "/v1/experiments/{id}", Bodies.experiment("draft", "checkout"))
                .get("/v1/experiments", "status", "layer", "owner")
                .get("/v1/experiments/{id}")
                .json("POST", "/v1/experiments/{id}/start", reason)
                .json("POST", "/v1/experiments/{id}/ramp", reason)
                .json("PUT", "/v1/experiments/{id}/weights",
                        "{\"weights\": {\"control\": 50, \"green\": 25, \"blue\": 25}, \"reason\": \"fuzz\"}")
                .json("PUT", "/v1/experiments/{id}/overrides", "{\"overrides\": {\"s-1\": \"green\"}}")
                .json("PUT", "/v1/experiments/{id}/targeting",
                        "{\"targeting\": {\"pages\": [\"checkout\"], \"rule\": {\"eq\": {\"attribute\": \"country\","
                                + " \"value\": \"DE\"}}}}")
                .json("POST", "/v1/experiments/{id}/pause", "{\"reason\": \"fuzz\", \"expectedVersion\": 3}")
                .json("POST", "/v1/experiments/{id}/resume", "{\"reason\": \"fuzz\"}")
                .json("POST", "/v1/experiments/{id}/stop", "{\"reason\": \"fuzz\"}")
                .get("/v1/experiments/{id}/history")
                .get("/v1/relay/parked")
                .json("DELETE", "/v1/relay/parked/{sequence}", null)
                .get("/v1/audit/verify")
                .get("/v1/metrics")
                .json("POST", "/v1/metrics", "{\"name\": \"fuzz_clicks\", \"eventName\": \"click\", \"aggregation\":"
                        + " \"count\", \"description\": \"fuzz\", \"tau2\": 0.5, \"harmDirection\": \"increase_is_harm\"}")
                .get("/v1/metrics/{name}")
                .get("/v1/metrics/{name}/history")
                .json("PUT", "/v1/metrics/{name}/settings", "{\"tau2\": 0.01, \"harmDirection\": \"decrease_is_harm\","
                        + " \"reason\": \"fuzz\"}")
                .get("/v1/me")
                .json("POST", "/v1/targeting/validate", "{\"pages\": [\"checkout\"], \"rule\": \"{\\\"eq\\\":"
                        + " {\\\"attribute\\\": \\\"country\\\", \\\"value\\\": \\\"DE\\\"}}\"}")
                .endpoint(Endpoint.of("POST", "/v1/experiments/{id}/start", "dryRun").withJson(reason))
                .endpoint(Endpoint.of("POST", "/v1/experiments/{id}/ramp", "dryRun").withJson(reason))
                .endpoint(Endpoint.of("PUT", "/v1/experiments/{id}/weights", "dryRun").withJson(
                        "{\"weights\": {\"control\": 40, \"green\": 30, \"blue\": 30}, \"reason\": \"fuzz\"}"))
                .get("/actuator/health")
                .get("/v3/api-docs")
                .build();
    }

    @Test
    void shouldNeverAnswer5xxOrDropTheConnectionWhateverTheRequest() {
        // given
        Api api = new Api(port);
        api.post("/v1/layers", Api.ADMIN, Bodies.layer("checkout"));
        api.post("/v1/experiments", Api.OWNER, Bodies.experiment("running", "checkout"));
        api.post("/v1/experiments/running/start", Api.OWNER, "{\"trafficPercent\": 10, \"reason\": \"go\"}");
        api.post("/v1/experiments", Api.OWNER, Bodies.experiment("draft", "checkout"));

        // when
        FuzzReport report = new Fuzzer(surface()).run(port, FuzzSettings.fromSystemProperties(41, 400));

        // then
        assertThat(report.ran()).isTrue();
        report.assertNoFailures();
        assertThat(api.get("/actuator/health", null).text()).contains("\"status\":\"UP\"");
        assertThat(api.get("/v1/layers/checkout", Api.VIEWER).status()).isEqualTo(200);
        assertThat(api.get("/v1/audit/verify", Api.VIEWER).json().path("intact").asBoolean()).isTrue();
    }
}
