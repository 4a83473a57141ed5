package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api;
import dev.ep.config.support.Api.Response;
import dev.ep.config.support.Bodies;
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
 * The endpoints beside the walk-through, over real HTTP: list filters, the layer list and bucket map, the metric
 * catalogue, the holdout, draft edits and the live changes (targeting, overrides, pause and resume) with their history.
 * Each test uses its own ids, so the order of the tests does not matter.
 */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class QueriesAndCatalogueIT {

    static final Database DB = TestPlatform.postgres().newDatabase("config_queries");

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
    void shouldFilterExperimentsByStatusLayerAndOwnerWhenListing() {
        // given: in layer f-one, f-a (team-a, RUNNING) and f-b (team-b, DRAFT); in layer f-two, f-c (team-a, PAUSED)
        created(api.post("/v1/layers", Api.ADMIN, Bodies.layer("f-one")));
        created(api.post("/v1/layers", Api.ADMIN, Bodies.layer("f-two")));
        created(api.post("/v1/experiments", Api.OWNER, experiment("f-a", "f-one", "team-a")));
        created(api.post("/v1/experiments", Api.OWNER, experiment("f-b", "f-one", "team-b")));
        created(api.post("/v1/experiments", Api.OWNER, experiment("f-c", "f-two", "team-a")));
        ok(api.post("/v1/experiments/f-a/start", Api.OWNER, "{\"trafficPercent\": 20, \"reason\": \"go\"}"));
        ok(api.post("/v1/experiments/f-c/start", Api.OWNER, "{\"trafficPercent\": 30, \"reason\": \"go\"}"));
        ok(api.post("/v1/experiments/f-c/pause", Api.OWNER, null));

        // then: each filter and their combinations select exactly the matching experiments
        assertThat(ids("/v1/experiments?layer=f-one")).containsExactly("f-a", "f-b");
        assertThat(ids("/v1/experiments?layer=f-two")).containsExactly("f-c");
        assertThat(ids("/v1/experiments?status=running&layer=f-one")).containsExactly("f-a");
        assertThat(ids("/v1/experiments?status=PAUSED&owner=team-a")).containsExactly("f-c");
        assertThat(ids("/v1/experiments?owner=team-a")).contains("f-a", "f-c").doesNotContain("f-b");
        assertThat(ids("/v1/experiments?owner=team-b&status=draft")).containsExactly("f-b");
        assertThat(ids("/v1/experiments?owner=team-a&layer=f-one&status=draft")).isEmpty();
        assertThat(ids("/v1/experiments?layer=nowhere")).isEmpty();
        assertThat(ids("/v1/experiments")).contains("f-a", "f-b", "f-c");

        // and: the layer list and the bucket map of each layer
        List<String> layers = new ArrayList<>();
        api.get("/v1/layers", Api.VIEWER).json().forEach(l -> layers.add(l.path("id").asString()));
        assertThat(layers).contains("default", "f-one", "f-two");
        JsonNode two = api.get("/v1/layers/f-two", Api.VIEWER).json().path("buckets");
        assertThat(two.path("owners")).hasSize(1);
        assertThat(two.path("owners").get(0).path("experiment").asString()).isEqualTo("f-c");
        assertThat(two.path("owners").get(0).path("buckets").asInt()).isEqualTo(3_000);
        assertThat(two.path("freeBuckets").asInt()).isEqualTo(7_000);
        assertThat(two.path("free").get(0).path("start").asInt()).isEqualTo(3_000);
    }

    @Test
    void shouldListTheBuiltInMetricsAndAcceptACustomEventMetricWhenDefined() {
        // when
        Response defined = api.post("/v1/metrics", Api.OWNER,
                "{\"name\": \"wishlist_adds\", \"eventName\": \"wishlist_add\", \"aggregation\": \"sum\","
                        + " \"description\": \"value added to wish lists\"}");
        Response again = api.post("/v1/metrics", Api.OWNER,
                "{\"name\": \"wishlist_adds\", \"eventName\": \"other\", \"aggregation\": \"count\"}");

        // then: built-ins first, then the custom metric with its event and aggregation
        assertThat(defined.status()).as(defined.text()).isEqualTo(201);
        assertThat(defined.headers().getETag()).isEqualTo("\"1\"");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("METRIC_ALREADY_EXISTS");
        JsonNode catalogue = api.get("/v1/metrics", Api.VIEWER).json();
        List<String> names = new ArrayList<>();
        catalogue.forEach(m -> names.add(m.path("name").asString() + (m.path("builtIn").asBoolean() ? "*" : "")));
        assertThat(names).containsExactly("add_to_cart_rate*", "average_order_value*", "conversion*",
                "page_views_per_session*", "revenue_per_session*", "wishlist_adds");
        JsonNode custom = catalogue.get(5);
        assertThat(custom.path("eventName").asString()).isEqualTo("wishlist_add");
        assertThat(custom.path("aggregation").asString()).isEqualTo("sum");

        // and: an experiment may name it, but not a metric that is not in the catalogue
        created(api.post("/v1/layers", Api.ADMIN, Bodies.layer("m-layer")));
        Response withCustom = api.post("/v1/experiments", Api.OWNER, Bodies.experiment("m-custom", "m-layer")
                .replace("\"primaryMetric\": \"conversion\"", "\"primaryMetric\": \"wishlist_adds\""));
        assertThat(withCustom.status()).as(withCustom.text()).isEqualTo(201);
        assertThat(withCustom.json().path("primaryMetric").asString()).isEqualTo("wishlist_adds");
        Response unknown = api.post("/v1/experiments", Api.OWNER, Bodies.experiment("m-unknown", "m-layer")
                .replace("\"primaryMetric\": \"conversion\"", "\"primaryMetric\": \"wishlist_removes\""));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.code()).isEqualTo("UNKNOWN_METRIC");
        assertThat(unknown.detail()).contains("wishlist_removes", "wishlist_adds");
    }

    @Test
    void shouldChangeTheHoldoutWhenAnAdminSetsIt() {
        Response before = api.get("/v1/holdout", Api.VIEWER);
        long version = Long.parseLong(before.headers().getETag().replace("\"", ""));

        Response byViewer = api.put("/v1/holdout", Api.VIEWER, "{\"percent\": 2.5}");
        Response byOwner = api.put("/v1/holdout", Api.OWNER, "{\"percent\": 2.5}");
        Response changed = api.put("/v1/holdout", Api.ADMIN, "{\"percent\": 2.5, \"reason\": \"measure the whole\"}");
        Response same = api.put("/v1/holdout", Api.ADMIN, "{\"basisPoints\": 250}");

        assertThat(byViewer.status()).isEqualTo(403);
        assertThat(byOwner.status()).isEqualTo(403);
        assertThat(changed.status()).as(changed.text()).isEqualTo(200);
        assertThat(changed.json().path("basisPoints").asInt()).isEqualTo(250);
        assertThat(changed.headers().getETag()).isEqualTo("\"" + (version + 1) + "\"");
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.code()).isEqualTo("NO_CHANGE");
        assertThat(api.get("/v1/holdout", Api.VIEWER).json().path("percent").asDouble()).isEqualTo(2.5);
    }

    @Test
    void shouldRecordEveryAllowedChangeInTheHistoryWhenADraftIsEditedStartedAndSteered() {
        // given: a draft
        created(api.post("/v1/layers", Api.ADMIN, Bodies.layer("h-layer")));
        created(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("h-exp", "h-layer")));

        // when: the draft is replaced, then the experiment is started and steered
        Response edited = api.put("/v1/experiments/h-exp", Api.OWNER, Bodies.experiment("h-exp", "h-layer")
                .replace("Checkout button colour", "Checkout button colours").replace("33.34", "50")
                .replace("\"weight\": 33.33", "\"weight\": 25"));
        ok(api.post("/v1/experiments/h-exp/start", Api.OWNER, "{\"trafficBasisPoints\": 1500, \"reason\": \"go\"}"));
        Response targeted = api.put("/v1/experiments/h-exp/targeting", Api.ADMIN,
                "{\"targeting\": {\"pages\": [\"cart\"], \"rule\": {\"gte\": {\"attribute\": \"cart_value\","
                        + " \"value\": 50}}}, \"reason\": \"big carts only\"}");
        Response overridden = api.put("/v1/experiments/h-exp/overrides", Api.OWNER,
                "{\"overrides\": {\"qa-session-1\": \"blue\"}}");
        ok(api.post("/v1/experiments/h-exp/pause", Api.OWNER, "{\"reason\": \"incident\"}"));
        Response resumed = api.post("/v1/experiments/h-exp/resume", Api.OWNER, null);

        // then
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        assertThat(edited.json().path("name").asString()).isEqualTo("Checkout button colours");
        assertThat(edited.json().path("treatments").get(0).path("weightBasisPoints").asInt()).isEqualTo(5_000);
        assertThat(targeted.json().path("targeting").path("pages").get(0).asString()).isEqualTo("cart");
        assertThat(targeted.json().path("targeting").path("rule").path("gte").path("value").asInt()).isEqualTo(50);
        assertThat(overridden.json().path("overrides").path("qa-session-1").asString()).isEqualTo("blue");
        assertThat(resumed.json().path("status").asString()).isEqualTo("RUNNING");
        assertThat(resumed.json().path("trafficBasisPoints").asInt()).isEqualTo(1_500);
        assertThat(resumed.headers().getETag()).isEqualTo("\"7\"");
        JsonNode history = api.get("/v1/experiments/h-exp/history", Api.VIEWER).json();
        List<String> entries = new ArrayList<>();
        history.forEach(e -> entries.add(e.path("version").asInt() + ":" + e.path("type").asString() + ":"
                + e.path("actor").asString() + ":" + e.path("reason").asString("-")));
        assertThat(entries).containsExactly("1:EXPERIMENT_CREATED:dev-owner:-", "2:EXPERIMENT_UPDATED:dev-owner:-",
                "3:EXPERIMENT_STARTED:dev-owner:go", "4:TARGETING_CHANGED:dev-admin:big carts only",
                "5:OVERRIDES_CHANGED:dev-owner:-", "6:EXPERIMENT_PAUSED:dev-owner:incident",
                "7:EXPERIMENT_RESUMED:dev-owner:-");
        assertThat(history.get(3).path("payload").path("targeting").asString()).contains("cart_value");
        assertThat(api.get("/v1/audit/verify", Api.VIEWER).json().path("intact").asBoolean()).isTrue();
    }

    private List<String> ids(String path) {
        Response r = api.get(path, Api.VIEWER);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().forEach(x -> ids.add(x.path("id").asString()));
        return ids;
    }

    private static String experiment(String id, String layer, String owner) {
        return Bodies.experiment(id, layer).replace("\"team-checkout\"", "\"" + owner + "\"");
    }

    private static void created(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    private static void ok(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
}
