package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api;
import dev.ep.config.support.Api.Response;
import dev.ep.config.support.Bodies;
import dev.ep.config.support.Records;
import dev.ep.events.v1.ExperimentChange;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * {@code ?dryRun=true} on start, ramp and weights over real HTTP, PostgreSQL and Kafka: the answer says what the
 * change would do, and neither a valid nor an invalid dry run changes the version, the history, the audit chain or
 * the config topics; an invalid one answers exactly what the real command answers.
 */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true",
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DryRunIT {

    private static final Logger LOG = LoggerFactory.getLogger(DryRunIT.class);

    static final Database DB = TestPlatform.postgres().newDatabase("config_dry_run");
    static ConfigTopics topics;
    static final String X = "/v1/experiments/dr-button";

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
    void shouldSayWhatEachChangeWouldDoAndChangeNothingWhenDryRunsAreAskedFor() {
        // given: a draft in its own layer, and a second experiment that leaves 60% of the layer free
        assertThat(api.post("/v1/layers", Api.ADMIN, Bodies.layer("dr-checkout")).status()).isEqualTo(201);
        assertThat(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("dr-button", "dr-checkout")).status())
                .isEqualTo(201);
        assertThat(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("dr-other", "dr-checkout")).status())
                .isEqualTo(201);

        // when: the start is tried first, then done
        Response start = api.post(X + "/start?dryRun=true", Api.OWNER,
                "{\"trafficPercent\": 10, \"reason\": \"first look\"}");
        assertThat(start.status()).as(start.text()).isEqualTo(200);
        assertThat(start.json().path("change").asString()).isEqualTo("START");
        assertThat(start.json().path("buckets").path("claimed").toString()).isEqualTo("[{\"start\":0,\"end\":1000}]");
        assertThat(start.json().path("version").toString()).isEqualTo("{\"current\":1,\"after\":2}");
        assertThat(start.json().path("phase").toString())
                .isEqualTo("{\"current\":0,\"after\":1,\"startsNewPhase\":true}");
        assertThat(api.get(X, Api.VIEWER).json().path("status").asString()).isEqualTo("DRAFT");
        assertThat(api.post(X + "/start?dryRun=false", Api.OWNER,
                "{\"trafficPercent\": 10, \"reason\": \"first look\"}").status()).isEqualTo(200);
        assertThat(api.post("/v1/experiments/dr-other/start", Api.OWNER,
                "{\"trafficPercent\": 30, \"reason\": \"its own test\"}").status()).isEqualTo(200);
        Snapshot before = snapshot(5); // layer, two creations, two starts (plus the default layer)

        // then: a ramp-up dry run, field by field
        Response ramp = api.post(X + "/ramp?dryRun=true", Api.OWNER,
                "{\"trafficPercent\": 50, \"reason\": \"no errors\"}");
        assertThat(ramp.status()).as(ramp.text()).isEqualTo(200);
        assertThat(ramp.headers().getETag()).isNull();
        LOG.info("README example: ramp dry run answered {}", ramp.text());
        JsonNode r = ramp.json();
        assertThat(r.path("dryRun").asBoolean()).isTrue();
        assertThat(r.path("experimentId").asString()).isEqualTo("dr-button");
        assertThat(r.path("change").asString()).isEqualTo("RAMP");
        assertThat(r.path("version").toString()).isEqualTo("{\"current\":2,\"after\":3}");
        assertThat(r.path("phase").toString()).isEqualTo("{\"current\":1,\"after\":1,\"startsNewPhase\":false}");
        assertThat(r.path("traffic").toString()).isEqualTo("{\"beforeBasisPoints\":1000,\"afterBasisPoints\":5000}");
        assertThat(r.path("buckets").toString()).isEqualTo("{\"layer\":\"dr-checkout\",\"layerBucketCount\":10000,"
                + "\"claimed\":[{\"start\":4000,\"end\":8000}],\"released\":[],\"claimedCount\":4000,"
                + "\"releasedCount\":0}");
        assertThat(r.path("slots").toString()).isEqualTo("{\"total\":10000,\"moved\":0,\"moves\":[]}");
        assertThat(r.path("units").toString())
                .isEqualTo("{\"treatmentChangesShare\":0.0,\"enteringShare\":0.4,\"leavingShare\":0.0}");
        assertThat(r.path("summary").asString()).isEqualTo(
                "Ramp-up from 10% to 50% of layer dr-checkout: claims 4,000 buckets; no unit's treatment changes.");
        assertThat(r.path("experiment").path("trafficBasisPoints").asInt()).isEqualTo(5_000);
        assertThat(r.path("experiment").path("version").asLong()).isEqualTo(3);
        assertThat(r.path("experiment").path("buckets").toString())
                .isEqualTo("[{\"start\":0,\"end\":1000},{\"start\":4000,\"end\":8000}]");

        // and: a ramp-down and a weight change
        JsonNode down = api.post(X + "/ramp?dryRun=true", Api.OWNER, "{\"trafficBasisPoints\": 250,"
                + " \"reason\": \"too much\"}").json();
        assertThat(down.path("buckets").path("released").toString()).isEqualTo("[{\"start\":250,\"end\":1000}]");
        assertThat(down.path("units").path("leavingShare").asDouble()).isEqualTo(0.075);
        JsonNode weights = api.put(X + "/weights?dryRun=true", Api.OWNER,
                "{\"weights\": {\"control\": 50, \"green\": 25, \"blue\": 25}, \"reason\": \"more control\"}").json();
        LOG.info("README example: weights dry run answered {}", weights);
        assertThat(weights.path("change").asString()).isEqualTo("WEIGHTS");
        assertThat(weights.path("slots").path("moved").asInt()).isEqualTo(1_666);
        assertThat(weights.path("slots").path("moves").toString()).isEqualTo(
                "[{\"from\":\"green\",\"to\":\"control\",\"slots\":833,\"ranges\":[{\"start\":5834,\"end\":6667}]},"
                        + "{\"from\":\"blue\",\"to\":\"control\",\"slots\":833,\"ranges\":[{\"start\":9167,"
                        + "\"end\":10000}]}]");
        assertThat(weights.path("units").path("treatmentChangesShare").asDouble()).isEqualTo(0.1666);
        assertThat(weights.path("phase").toString()).isEqualTo("{\"current\":1,\"after\":2,\"startsNewPhase\":true}");

        // and: nothing changed
        assertThat(snapshot(5)).isEqualTo(before);

        // when: the weight change is made for real
        Response real = api.put(X + "/weights", Api.OWNER,
                "{\"weights\": {\"control\": 50, \"green\": 25, \"blue\": 25}, \"reason\": \"more control\"}");

        // then: it leaves what the dry run described, and it is the only record published after the dry runs
        assertThat(real.json().path("slots")).isEqualTo(weights.path("experiment").path("slots"));
        assertThat(real.json().path("version")).isEqualTo(weights.path("experiment").path("version"));
        assertThat(real.json().path("phases").get(1).path("changedSlots"))
                .isEqualTo(weights.path("experiment").path("phases").get(1).path("changedSlots"));
        List<ConsumerRecord<String, ExperimentChange>> changes = Records.readAtLeast(topics.changes(), before.changes() + 1);
        assertThat(changes).hasSize(before.changes() + 1);
        assertThat(changes.get(changes.size() - 1).value().getSequence()).isEqualTo(before.sequence() + 1);
        assertThat(changes.get(changes.size() - 1).value().getChangeType().name()).isEqualTo("WEIGHTS_CHANGED");
    }

    @Test
    void shouldAnswerWhatTheRealCommandAnswersAndChangeNothingWhenADryRunIsInvalid() {
        // given: a running experiment at 10% beside one at 80%, and a draft without a primary metric
        assertThat(api.post("/v1/layers", Api.ADMIN, Bodies.layer("dr-full")).status()).isEqualTo(201);
        assertThat(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("dr-small", "dr-full")).status())
                .isEqualTo(201);
        assertThat(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("dr-big", "dr-full")).status())
                .isEqualTo(201);
        assertThat(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("dr-bare", "dr-full")
                .replace("\"primaryMetric\": \"conversion\", ", "")).status()).isEqualTo(201);
        assertThat(api.post("/v1/experiments/dr-small/start", Api.OWNER, "{\"trafficPercent\": 10, \"reason\": \"a\"}")
                .status()).isEqualTo(200);
        assertThat(api.post("/v1/experiments/dr-big/start", Api.OWNER, "{\"trafficPercent\": 80, \"reason\": \"b\"}")
                .status()).isEqualTo(200);
        String small = "/v1/experiments/dr-small";
        Snapshot before = snapshot(small, Records.readAtLeast(topics.changes(), 1).size());

        // when / then: each invalid dry run is refused as the real command is
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.OWNER, "{\"trafficPercent\": 10, \"reason\": \"x\"}", null,
                409, "NO_CHANGE");
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.OWNER, "{\"trafficPercent\": 30, \"reason\": \"x\"}", null,
                409, "LAYER_CAPACITY_EXCEEDED");
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.OWNER, "{\"trafficPercent\": 101, \"reason\": \"x\"}", null,
                400, "INVALID_TRAFFIC");
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.OWNER, "{\"trafficPercent\": 15}", null, 400,
                "REASON_REQUIRED");
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.OWNER, "{\"trafficPercent\": 15, \"reason\": \"x\"}", "\"1\"",
                412, "PRECONDITION_FAILED");
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.OWNER,
                "{\"trafficPercent\": 15, \"reason\": \"x\", \"expectedVersion\": 1}", null, 409, "VERSION_CONFLICT");
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.VIEWER, "{\"trafficPercent\": 15, \"reason\": \"x\"}", null,
                403, "FORBIDDEN");
        sameAsReal(HttpMethod.POST, small + "/ramp", null, "{\"trafficPercent\": 15, \"reason\": \"x\"}", null, 401,
                "UNAUTHENTICATED");
        sameAsReal(HttpMethod.POST, small + "/ramp", Api.OWNER, "{\"trafficPrecent\": 15, \"reason\": \"x\"}", null,
                400, "UNKNOWN_FIELD");
        sameAsReal(HttpMethod.POST, "/v1/experiments/dr-nowhere/ramp", Api.OWNER,
                "{\"trafficPercent\": 15, \"reason\": \"x\"}", null, 404, "EXPERIMENT_NOT_FOUND");
        sameAsReal(HttpMethod.POST, small + "/start", Api.OWNER, "{\"trafficPercent\": 5, \"reason\": \"x\"}", null,
                409, "ILLEGAL_TRANSITION");
        sameAsReal(HttpMethod.POST, "/v1/experiments/dr-bare/start", Api.OWNER,
                "{\"trafficPercent\": 5, \"reason\": \"x\"}", null, 422, "PRIMARY_METRIC_REQUIRED");
        sameAsReal(HttpMethod.PUT, small + "/weights", Api.OWNER,
                "{\"weights\": {\"control\": 33.34, \"green\": 33.33, \"blue\": 33.33}}", null, 409, "NO_CHANGE");
        sameAsReal(HttpMethod.PUT, small + "/weights", Api.OWNER, "{\"weights\": {\"control\": 50, \"green\": 50}}",
                null, 409, "TREATMENTS_FIXED");
        sameAsReal(HttpMethod.PUT, small + "/weights", Api.OWNER, "{\"weights\": {}}", null, 400, "INVALID_WEIGHTS");

        // and: the parameter itself is strict, and taken by those three commands only
        for (String value : new String[] {"yes", "TRUE", "1", "", "true,false"}) {
            Response r = api.post(small + "/ramp?dryRun=" + value, Api.OWNER,
                    "{\"trafficPercent\": 15, \"reason\": \"x\"}");
            assertThat(r.status()).as(value).isEqualTo(400);
            assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
        }
        Response twice = api.post(small + "/ramp?dryRun=true&dryRun=false", Api.OWNER,
                "{\"trafficPercent\": 15, \"reason\": \"x\"}");
        assertThat(twice.status()).isEqualTo(400);
        Response pause = api.post(small + "/pause?dryRun=true", Api.OWNER, null);
        assertThat(pause.status()).isEqualTo(400);
        assertThat(pause.detail()).isEqualTo("dryRun: unknown query parameter (this endpoint takes none)");

        // then: nothing changed anywhere, and the next real change is the next record
        assertThat(snapshot(small, before.changes())).isEqualTo(before);
        assertThat(api.post(small + "/ramp", Api.OWNER, "{\"trafficPercent\": 15, \"reason\": \"x\"}").status())
                .isEqualTo(200);
        List<ConsumerRecord<String, ExperimentChange>> changes = Records.readAtLeast(topics.changes(), before.changes() + 1);
        assertThat(changes).hasSize(before.changes() + 1);
        assertThat(changes.get(changes.size() - 1).value().getSequence()).isEqualTo(before.sequence() + 1);
    }

    @Test
    void shouldOfferDryRunsInTheOpenApiDocumentWhenItIsRead() {
        JsonNode paths = api.get("/v3/api-docs", null).json().path("paths");

        for (String[] operation : new String[][] {{"/v1/experiments/{id}/start", "post"},
                {"/v1/experiments/{id}/ramp", "post"}, {"/v1/experiments/{id}/weights", "put"}}) {
            JsonNode op = paths.path(operation[0]).path(operation[1]);
            assertThat(op.path("parameters").findValuesAsString("name")).as(operation[0]).contains("dryRun");
            assertThat(op.path("responses").path("200").path("content").path("application/json").path("schema")
                    .path("oneOf").toString()).as(operation[0]).contains("DryRunView").contains("ExperimentView");
        }
        assertThat(paths.path("/v1/experiments/{id}/pause").path("post").path("parameters")
                .findValuesAsString("name")).doesNotContain("dryRun");
    }

    // ------------------------------------------------------------------ fixtures

    /**
     * What must stay unchanged: the experiment (ETag and JSON), its history, the audit chain's end and the records
     * on both config topics (all published: the topic holds every sequence up to the audit's end).
     */
    record Snapshot(String etag, JsonNode experiment, JsonNode history, long sequence, int changes, int snapshots) {
    }

    private Snapshot snapshot(int minimumChanges) {
        return snapshot(X, minimumChanges);
    }

    private Snapshot snapshot(String experiment, int minimumChanges) {
        Response x = api.get(experiment, Api.VIEWER);
        JsonNode audit = api.get("/v1/audit/verify", Api.VIEWER).json();
        assertThat(audit.path("intact").asBoolean()).isTrue();
        long sequence = audit.path("verifiedThrough").asLong();
        List<ConsumerRecord<String, ExperimentChange>> changes = Records.readUntil(topics.changes(),
                rs -> rs.size() >= minimumChanges && !rs.isEmpty()
                        && rs.get(rs.size() - 1).value().getSequence() == sequence);
        List<ConsumerRecord<String, ExperimentSnapshot>> snapshots = Records.readAtLeast(topics.experiments(), changes.size());
        return new Snapshot(x.headers().getETag(), x.json(), api.get(experiment + "/history", Api.VIEWER).json(),
                sequence, changes.size(), snapshots.size());
    }

    /** The dry run and the real command answer the same status, code and detail (the real one is refused too). */
    private void sameAsReal(HttpMethod method, String path, String token, String body, String ifMatch, int status,
            String code) {
        Response dry = api.call(method, path + "?dryRun=true", token, body, ifMatch);
        Response real = api.call(method, path, token, body, ifMatch);

        assertThat(dry.status()).as(dry.text()).isEqualTo(status);
        assertThat(dry.code()).as(dry.text()).isEqualTo(code);
        assertThat(dry.headers().getContentType().toString()).startsWith("application/problem+json");
        assertThat(real.status()).as(real.text()).isEqualTo(status);
        assertThat(real.code()).isEqualTo(code);
        assertThat(dry.detail()).isEqualTo(real.detail());
    }
}
