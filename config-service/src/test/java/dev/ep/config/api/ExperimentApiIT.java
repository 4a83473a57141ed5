package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api.Response;
import dev.ep.config.support.Api;
import dev.ep.config.support.Bodies;
import dev.ep.config.support.Records;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The owner's walk-through over real HTTP, with PostgreSQL, Kafka and the registry behind it. */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the walk-through expects sequences 1..8 on fresh topics
class ExperimentApiIT {

    static final Database DB = TestPlatform.postgres().newDatabase("config_api");
    static ConfigTopics topics;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        topics = ConfigTopics.register(registry, DB);
    }

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    @Order(1)
    void shouldRunTheLifecycleAndPublishEveryChangeInOrderWhenTheOwnerSteersAnExperiment() {
        // given: a layer and a three-treatment draft
        assertThat(api.post("/v1/layers", Api.ADMIN, Bodies.layer("checkout")).status()).isEqualTo(201);
        Response created = api.post("/v1/experiments", Api.OWNER, Bodies.experiment("button-colour", "checkout"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.headers().getETag()).isEqualTo("\"1\"");
        assertThat(created.json().path("treatments").get(0).path("weightBasisPoints").asInt()).isEqualTo(3_334);

        // when: start 10%, ramp 50%, new weights, pause, stop
        Response started = api.post("/v1/experiments/button-colour/start", Api.OWNER,
                "{\"trafficPercent\": 10, \"reason\": \"first look\"}");
        Response ramped = api.post("/v1/experiments/button-colour/ramp", Api.OWNER,
                "{\"trafficPercent\": 50, \"reason\": \"no errors\"}");
        Response weighted = api.put("/v1/experiments/button-colour/weights", Api.OWNER,
                "{\"weights\": {\"control\": 50, \"green\": 25, \"blue\": 25}}");
        Response paused = api.post("/v1/experiments/button-colour/pause", Api.OWNER, null);
        Response stopped = api.post("/v1/experiments/button-colour/stop", Api.ADMIN, "{\"reason\": \"decided\"}");

        // then: each step answered with the new state and version
        assertThat(started.json().path("status").asString()).isEqualTo("RUNNING");
        assertThat(started.json().path("trafficBasisPoints").asInt()).isEqualTo(1_000);
        assertThat(ramped.json().path("trafficBasisPoints").asInt()).isEqualTo(5_000);
        assertThat(weighted.json().path("phase").asInt()).isEqualTo(2);
        assertThat(paused.json().path("status").asString()).isEqualTo("PAUSED");
        assertThat(stopped.json().path("status").asString()).isEqualTo("STOPPED");
        assertThat(stopped.headers().getETag()).isEqualTo("\"6\"");

        // and: the bucket map is free again, the history names who and why
        JsonNode layer = api.get("/v1/layers/checkout", Api.VIEWER).json();
        assertThat(layer.path("buckets").path("freeBuckets").asInt()).isEqualTo(10_000);
        JsonNode history = api.get("/v1/experiments/button-colour/history", Api.VIEWER).json();
        assertThat(history).hasSize(6);
        assertThat(history.get(1).path("type").asString()).isEqualTo("EXPERIMENT_STARTED");
        assertThat(history.get(1).path("actor").asString()).isEqualTo("dev-owner");
        assertThat(history.get(1).path("reason").asString()).isEqualTo("first look");
        assertThat(history.get(5).path("actor").asString()).isEqualTo("dev-admin");

        // and: both topics carry sequences 1..8 (default layer, layer, 6 experiment events) in order
        List<ConsumerRecord<String, ExperimentChange>> changes = Records.readAtLeast(topics.changes(), 8);
        List<ConsumerRecord<String, ExperimentSnapshot>> snapshots = Records.readAtLeast(topics.experiments(), 8);
        List<Long> sequences = LongStream.rangeClosed(1, 8).boxed().toList();
        assertThat(changes).extracting(r -> r.value().getSequence()).containsExactlyElementsOf(sequences);
        assertThat(snapshots).extracting(r -> r.value().getSequence()).containsExactlyElementsOf(sequences);
        assertThat(changes).extracting(r -> r.value().getChangeType().name()).containsExactly("LAYER_CREATED",
                "LAYER_CREATED", "EXPERIMENT_CREATED", "EXPERIMENT_STARTED", "EXPERIMENT_RAMPED", "WEIGHTS_CHANGED",
                "EXPERIMENT_PAUSED", "EXPERIMENT_STOPPED");
        ExperimentSnapshot afterRamp = snapshots.get(4).value();
        assertThat(snapshots.get(4).key()).isEqualTo("experiment:button-colour");
        assertThat(afterRamp.getExperiment().getTrafficBasisPoints()).isEqualTo(5_000);
        assertThat(afterRamp.getExperiment().getSlots().get(0).getTreatment()).isEqualTo("control");
        assertThat(afterRamp.getExperiment().getTargeting().getRule()).contains("country");
        assertThat(changes.get(3).value().getReason()).isEqualTo("first look");
        assertThat(changes.get(3).value().getActor()).isEqualTo("dev-owner");
        assertThat(snapshots.get(7).value().getExperiment().getStatus().name()).isEqualTo("STOPPED");

        // and: the audit chain verifies
        JsonNode audit = api.get("/v1/audit/verify", Api.VIEWER).json();
        assertThat(audit.path("intact").asBoolean()).isTrue();
        assertThat(audit.path("verifiedThrough").asLong()).isEqualTo(8);
    }

    @Test
    void shouldAnswer412WithIfMatchAnd409WithBodyVersionWhenTheVersionIsStale() {
        // given: a draft at version 1, then changed to version 2
        api.post("/v1/layers", Api.ADMIN, Bodies.layer("search"));
        api.post("/v1/experiments", Api.OWNER, Bodies.experiment("ranking", "search"));
        Response v2 = api.call(HttpMethod.PUT, "/v1/experiments/ranking/overrides", Api.OWNER,
                "{\"overrides\": {\"qa-1\": \"green\"}}", "\"1\"");
        assertThat(v2.status()).isEqualTo(200);
        assertThat(v2.headers().getETag()).isEqualTo("\"2\"");
        String before = api.get("/v1/experiments/ranking", Api.VIEWER).text();

        // when: a client still holding version 1 writes
        Response byHeader = api.call(HttpMethod.POST, "/v1/experiments/ranking/start", Api.OWNER,
                "{\"trafficPercent\": 10, \"reason\": \"go\"}", "\"1\"");
        Response byBody = api.post("/v1/experiments/ranking/start", Api.OWNER,
                "{\"trafficPercent\": 10, \"reason\": \"go\", \"expectedVersion\": 1}");

        // then: both refused, nothing changed
        assertThat(byHeader.status()).isEqualTo(412);
        assertThat(byHeader.code()).isEqualTo("PRECONDITION_FAILED");
        assertThat(byHeader.detail()).contains("version 2");
        assertThat(byBody.status()).isEqualTo(409);
        assertThat(byBody.code()).isEqualTo("VERSION_CONFLICT");
        assertThat(api.get("/v1/experiments/ranking", Api.VIEWER).text()).isEqualTo(before);
    }

    @Test
    void shouldPublishToSinglePartitionTopicsWithACompactedSnapshotTopicWhenStarted() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestPlatform.kafka().bootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(List.of(topics.changes(), topics.experiments()))
                    .allTopicNames().get();
            ConfigResource snapshots = new ConfigResource(ConfigResource.Type.TOPIC, topics.experiments());
            ConfigResource changes = new ConfigResource(ConfigResource.Type.TOPIC, topics.changes());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(snapshots, changes)).all().get();

            // one partition each, so the order of all changes is total
            assertThat(described.get(topics.changes()).partitions()).hasSize(1);
            assertThat(described.get(topics.experiments()).partitions()).hasSize(1);
            assertThat(configs.get(snapshots).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(changes).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configs.get(changes).get("retention.ms").value()).isEqualTo("-1");
        }
    }

    @Test
    void shouldServeTheOpenApiDocumentWhenAsked() {
        Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().path("paths");
        assertThat(paths.propertyNames()).containsExactlyInAnyOrder("/v1/layers", "/v1/layers/{id}", "/v1/holdout",
                "/v1/experiments", "/v1/experiments/{id}", "/v1/experiments/{id}/start", "/v1/experiments/{id}/ramp",
                "/v1/experiments/{id}/weights", "/v1/experiments/{id}/overrides", "/v1/experiments/{id}/targeting",
                "/v1/experiments/{id}/pause", "/v1/experiments/{id}/resume", "/v1/experiments/{id}/stop",
                "/v1/experiments/{id}/history", "/v1/audit/verify", "/v1/metrics", "/v1/metrics/{name}",
                "/v1/metrics/{name}/history", "/v1/metrics/{name}/settings", "/v1/relay/parked",
                "/v1/relay/parked/{sequence}", "/v1/me", "/v1/targeting/validate");
        assertThat(docs.json().path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
        assertThat(docs.json().path("security").get(0).has("bearer")).isTrue();
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                JsonNode operation = paths.path(path).path(method);
                // the acting principal comes from the token; the document must not offer a parameter for it
                operation.path("parameters").forEach(p -> assertThat(p.path("name").asString())
                        .as(method + " " + path).isNotEqualToIgnoringCase("caller"));
                assertThat(operation.path("responses").path("default").path("content").has("application/problem+json"))
                        .as(method + " " + path).isTrue();
            }
        }
        assertThat(paths.path("/v1/experiments").path("get").path("parameters").findValuesAsString("name"))
                .containsExactly("status", "layer", "owner");
    }
}
