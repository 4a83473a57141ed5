package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api;
import dev.ep.config.support.Api.Response;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * τ² and harm direction per metric over real HTTP and a real PostgreSQL: set at a custom metric's creation, changed
 * by an admin with {@code PUT /v1/metrics/{name}/settings}, audited (who, why, when), and every bad value a 400
 * that changes nothing. Each test uses its own metric, so the order does not matter.
 */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class MetricSettingsIT {

    static final Database DB = TestPlatform.postgres().newDatabase("config_metric_settings");

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

    @Test
    void shouldKeepTheSettingsOfACustomMetricGivenAtCreation() {
        Response defined = api.post("/v1/metrics", Api.OWNER, "{\"name\": \"checkout_errors\", \"eventName\":"
                + " \"checkout_error\", \"aggregation\": \"count\", \"tau2\": 0.04, \"harmDirection\": \"increase_is_harm\"}");
        Response plain = api.post("/v1/metrics", Api.OWNER,
                "{\"name\": \"wishes\", \"eventName\": \"wish\", \"aggregation\": \"occurred\"}");

        assertThat(defined.status()).as(defined.text()).isEqualTo(201);
        assertThat(defined.json().path("tau2").asDouble()).isEqualTo(0.04);
        assertThat(defined.json().path("harmDirection").asString()).isEqualTo("increase_is_harm");
        assertThat(plain.status()).as(plain.text()).isEqualTo(201);
        assertThat(plain.json().path("tau2").isNull()).isTrue();
        assertThat(plain.json().path("harmDirection").asString()).isEqualTo("decrease_is_harm");
        JsonNode read = api.get("/v1/metrics/checkout_errors", Api.VIEWER).json();
        assertThat(read.path("tau2").asDouble()).isEqualTo(0.04);
        assertThat(read.path("harmDirection").asString()).isEqualTo("increase_is_harm");
    }

    @Test
    void shouldChangeABuiltInMetricsSettingsWhenAnAdminSetsThemAndRecordWhoAndWhy() {
        // given
        JsonNode before = api.get("/v1/metrics/average_order_value", Api.VIEWER).json();
        assertThat(before.path("builtIn").asBoolean()).isTrue();
        assertThat(before.path("tau2").isNull()).isTrue();
        assertThat(before.path("harmDirection").asString()).isEqualTo("decrease_is_harm");

        // when
        Response byViewer = api.put("/v1/metrics/average_order_value/settings", Api.VIEWER,
                "{\"tau2\": 2500, \"harmDirection\": \"decrease_is_harm\"}");
        Response byOwner = api.put("/v1/metrics/average_order_value/settings", Api.OWNER,
                "{\"tau2\": 2500, \"harmDirection\": \"decrease_is_harm\"}");
        Response changed = api.put("/v1/metrics/average_order_value/settings", Api.ADMIN,
                "{\"tau2\": 2500, \"harmDirection\": \"decrease_is_harm\", \"reason\": \"50 cents is the effect we expect\"}");
        Response same = api.put("/v1/metrics/average_order_value/settings", Api.ADMIN,
                "{\"tau2\": 2500, \"harmDirection\": \"decrease_is_harm\"}");

        // then
        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(byOwner.status()).isEqualTo(403);
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.headers().getETag()).isEqualTo("\"1\"");
        assertThat(changed.json().path("tau2").asDouble()).isEqualTo(2500.0);
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.code()).isEqualTo("NO_CHANGE");
        JsonNode history = api.get("/v1/metrics/average_order_value/history", Api.VIEWER).json();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("type").asString()).isEqualTo("METRIC_SETTINGS_CHANGED");
        assertThat(history.get(0).path("actor").asString()).isNotBlank();
        assertThat(history.get(0).path("reason").asString()).isEqualTo("50 cents is the effect we expect");
        assertThat(history.get(0).path("payload").path("settings").path("tau2").asString()).isEqualTo("2500.0");
        assertThat(api.get("/v1/audit/verify", Api.VIEWER).json().path("intact").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswer400AndChangeNothingWhenASettingIsInvalid() {
        String[] bad = {
                "{\"tau2\": 0, \"harmDirection\": \"decrease_is_harm\"}",
                "{\"tau2\": -1, \"harmDirection\": \"decrease_is_harm\"}",
                "{\"tau2\": 1e400, \"harmDirection\": \"decrease_is_harm\"}",
                "{\"tau2\": 1e16, \"harmDirection\": \"decrease_is_harm\"}",
                "{\"tau2\": \"big\", \"harmDirection\": \"decrease_is_harm\"}",
                "{\"tau2\": 0.5, \"harmDirection\": \"sideways\"}",
                "{\"tau2\": 0.5}",
                "{\"tau2\": 0.5, \"harmDirection\": \"decrease_is_harm\", \"tau\": 1}"};
        for (String body : bad) {
            Response r = api.put("/v1/metrics/page_views_per_session/settings", Api.ADMIN, body);
            assertThat(r.status()).as(body + " -> " + r.text()).isEqualTo(400);
            assertThat(r.headers().getContentType()).hasToString("application/problem+json");
        }
        Response tau2 = api.put("/v1/metrics/page_views_per_session/settings", Api.ADMIN,
                "{\"tau2\": 0, \"harmDirection\": \"decrease_is_harm\"}");
        assertThat(tau2.detail()).startsWith("tau2:");
        Response direction = api.put("/v1/metrics/page_views_per_session/settings", Api.ADMIN,
                "{\"tau2\": 0.5, \"harmDirection\": \"sideways\"}");
        assertThat(direction.detail()).startsWith("harmDirection:");
        Response atCreation = api.post("/v1/metrics", Api.OWNER, "{\"name\": \"bad_tau\", \"eventName\": \"e\","
                + " \"aggregation\": \"count\", \"tau2\": -0.5}");
        assertThat(atCreation.status()).isEqualTo(400);
        assertThat(api.get("/v1/metrics/bad_tau", Api.VIEWER).status()).isEqualTo(404);
        assertThat(api.put("/v1/metrics/no_such_metric/settings", Api.ADMIN,
                "{\"harmDirection\": \"decrease_is_harm\"}").status()).isEqualTo(404);

        // nothing changed
        JsonNode after = api.get("/v1/metrics/page_views_per_session", Api.VIEWER).json();
        assertThat(after.path("tau2").isNull()).isTrue();
        assertThat(after.path("version").isNull()).isTrue();
        assertThat(api.get("/v1/metrics/page_views_per_session/history", Api.VIEWER).json()).isEmpty();
    }
}
