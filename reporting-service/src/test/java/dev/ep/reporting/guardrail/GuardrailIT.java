package dev.ep.reporting.guardrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.UnitType;
import dev.ep.reporting.EventProducer;
import dev.ep.reporting.ReportingInstance;
import dev.ep.reporting.ReportingInstance.Deployment;
import dev.ep.reporting.stream.Events;
import dev.ep.testsupport.ServiceInstance;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * Auto-pause end to end: the real config-service (its API, audit log and relay to the configuration topic), the real
 * stream, and reporting-service pausing under its own identity.
 */
class GuardrailIT {

    static final Duration WAIT = Duration.ofSeconds(180);
    static final String TOKEN = "reporting-service-test-token";

    @Test
    void shouldPauseOptedInExperimentsOnSrmOrGuardrailHarmAndLeaveOthersRunning() throws Exception {
        Database db = TestPlatform.postgres().newDatabase("config_service");
        Deployment d = Deployment.unique();
        try (EventProducer producer = new EventProducer();
             ServiceInstance config = RealConfigService.start(db, d.config(),
                     TestPlatform.uniqueTopic("ep.config.changes"), sha256(TOKEN));
             ReportingInstance reporting = ReportingInstance.start(d, Files.createTempDirectory("ep-reporting-state"),
                     Map.of("ep.reporting.guardrail.token", TOKEN,
                             "ep.reporting.guardrail.config-service-url", config.baseUri().toString(),
                             "ep.reporting.guardrail.interval", "500ms"))) {
            RestClient api = RestClient.builder().baseUrl(config.baseUri().toString()).build();
            post(api, "/v1/layers", "dev-admin-token", "{\"id\": \"checkout\", \"name\": \"Checkout\"}");
            int opted = runningExperiment(api, "opted", "conversion", true);
            int ignored = runningExperiment(api, "ignored", "conversion", false);
            int harmed = runningExperiment(api, "harmed", "conversion", true);
            // and: a custom guardrail where more is worse, its harm direction and τ² set where it is defined
            post(api, "/v1/metrics", "dev-owner-token", "{\"name\": \"checkout_errors\", \"eventName\":"
                    + " \"checkout_error\", \"aggregation\": \"count\", \"tau2\": 0.25,"
                    + " \"harmDirection\": \"increase_is_harm\"}");
            int errors = runningExperiment(api, "errors", "checkout_errors", true);

            // given: 3:1 coverage where 1:1 was configured, in an opted-in and a not opted-in experiment
            imbalance(producer, d, "opted", opted);
            imbalance(producer, d, "ignored", ignored);
            // and: balanced coverage, but the guardrail (conversion) falls from 60% to 10%
            for (int i = 0; i < 100; i++) {
                producer.send(d.coverage(), "hc" + i, coverage("harmed", harmed, "control", "hc" + i));
                producer.send(d.coverage(), "ht" + i, coverage("harmed", harmed, "treatment", "ht" + i));
                if (i < 60) {
                    producer.send(d.events(), "hc" + i, Events.order("hco" + i, "hc" + i, null, 100, "o" + i, 10));
                }
                if (i < 10) {
                    producer.send(d.events(), "ht" + i, Events.order("hto" + i, "ht" + i, null, 100, "o" + i, 10));
                }
            }

            // and: balanced coverage, but checkout errors rise from 5% to 60% of the units
            for (int i = 0; i < 100; i++) {
                producer.send(d.coverage(), "ec" + i, coverage("errors", errors, "control", "ec" + i));
                producer.send(d.coverage(), "et" + i, coverage("errors", errors, "treatment", "et" + i));
                if (i < 5) {
                    producer.send(d.events(), "ec" + i, Events.custom("ece" + i, "checkout_error", "ec" + i, 200));
                }
                if (i < 60) {
                    producer.send(d.events(), "et" + i, Events.custom("ete" + i, "checkout_error", "et" + i, 200));
                }
            }

            // then: the opted-in experiments are paused by reporting-service, with the reason in the audit log
            await().atMost(WAIT).untilAsserted(() -> assertThat(status(api, "opted")).isEqualTo("paused"));
            JsonNode pause = pauseEntry(api, "opted");
            assertThat(pause.path("actor").asString()).isEqualTo("reporting-service");
            assertThat(pause.path("reason").asString()).startsWith("auto-pause: SRM on coverage p=");

            await().atMost(WAIT).untilAsserted(() -> assertThat(status(api, "harmed")).isEqualTo("paused"));
            assertThat(pauseEntry(api, "harmed").path("reason").asString())
                    .startsWith("auto-pause: guardrail conversion harmed in treatment");

            // and: the rise of the custom metric is harm because config-service says so, and its τ² is the one used
            await().atMost(WAIT).untilAsserted(() -> assertThat(status(api, "errors")).isEqualTo("paused"));
            assertThat(pauseEntry(api, "errors").path("reason").asString())
                    .startsWith("auto-pause: guardrail checkout_errors harmed in treatment").contains("is above 0");
            JsonNode errorsResults = reporting.http().get().uri("/v1/experiments/errors/results?metric=checkout_errors")
                    .retrieve().body(JsonNode.class);
            assertThat(errorsResults.get("statistics").get("metrics").get(0).get("tau2").asDouble()).isEqualTo(0.25);
            assertThat(errorsResults.get("analysis").get("metrics").get(0).get("tau2Source").asString())
                    .isEqualTo("CONFIGURED");

            // and: the one that did not opt in, flagged just the same, keeps running
            JsonNode ignoredResults = reporting.http().get().uri("/v1/experiments/ignored/results").retrieve()
                    .body(JsonNode.class);
            assertThat(ignoredResults.get("analysis").get("srmCoverage").get("flagged").asBoolean()).isTrue();
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> status(api, "ignored").equals("running"));
        }
    }

    private static int runningExperiment(RestClient api, String id, String guardrail, boolean autoPause) {
        post(api, "/v1/experiments", "dev-owner-token", """
                {"id": "%s", "name": "%s", "owner": "team", "layer": "checkout",
                 "treatments": [{"name": "control", "control": true, "weight": 50}, {"name": "treatment", "weight": 50}],
                 "primaryMetric": "add_to_cart_rate", "guardrailMetrics": ["%s"], "autoPause": %s}
                """.formatted(id, id, guardrail, autoPause));
        JsonNode started = post(api, "/v1/experiments/" + id + "/start", "dev-owner-token",
                "{\"trafficPercent\": 20, \"reason\": \"go\"}");
        assertThat(started.path("autoPause").asBoolean()).isEqualTo(autoPause);
        return started.path("phase").asInt();
    }

    private static void imbalance(EventProducer producer, Deployment d, String experiment, int phase) {
        for (int i = 0; i < 300; i++) {
            String unit = experiment + "-c" + i;
            producer.send(d.coverage(), unit, coverage(experiment, phase, "control", unit));
        }
        for (int i = 0; i < 100; i++) {
            String unit = experiment + "-t" + i;
            producer.send(d.coverage(), unit, coverage(experiment, phase, "treatment", unit));
        }
    }

    private static dev.ep.events.v1.CoverageEvent coverage(String experiment, int phase, String treatment,
                                                           String session) {
        return Events.coverage(experiment, phase, treatment, UnitType.SESSION, session, session,
                treatment.equals("control") ? 100 : 6_000, 0);
    }

    private static String status(RestClient api, String id) {
        return api.get().uri("/v1/experiments/{id}", id).header("Authorization", "Bearer dev-viewer-token")
                .retrieve().body(JsonNode.class).path("status").asString().toLowerCase(java.util.Locale.ROOT);
    }

    private static JsonNode pauseEntry(RestClient api, String id) {
        JsonNode history = api.get().uri("/v1/experiments/{id}/history", id)
                .header("Authorization", "Bearer dev-viewer-token").retrieve().body(JsonNode.class);
        for (JsonNode entry : history) {
            if (entry.path("type").asString().equals("EXPERIMENT_PAUSED")) {
                return entry;
            }
        }
        throw new AssertionError("no pause in " + history);
    }

    private static JsonNode post(RestClient api, String path, String token, String body) {
        return api.post().uri(path).header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .body(body).retrieve().body(JsonNode.class);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
