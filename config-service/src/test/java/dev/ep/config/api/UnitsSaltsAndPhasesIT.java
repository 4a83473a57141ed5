package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.Api.Response;
import dev.ep.config.support.Api;
import dev.ep.config.support.Bodies;
import dev.ep.config.support.Records;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.Phase;
import dev.ep.events.v1.PhaseWeight;
import dev.ep.events.v1.UnitType;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8 over real HTTP, PostgreSQL and Kafka: a layer's unit fixed at creation and every experiment of it of that
 * unit (a mismatch is a 422 naming both), the holdout's unit, salts unique among experiments that are not stopped
 * (a salt equal to a layer id is fine), and every phase's weights, traffic and end on the snapshot topic, enough to
 * compute an earlier phase's expected split without the change log.
 */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true", webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class UnitsSaltsAndPhasesIT {

    static final Database DB = TestPlatform.postgres().newDatabase("config_units");
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
    void shouldKeepTheUnitGivenAtCreationAndPublishItWhenALayerIsCreated() {
        // when: a USER layer, a layer without a unit, and one with a unit that does not exist
        Response user = api.post("/v1/layers", Api.ADMIN, layer("members", "user"));
        Response session = api.post("/v1/layers", Api.ADMIN, Bodies.layer("storefront"));
        Response unknown = api.post("/v1/layers", Api.ADMIN, layer("devices", "device"));

        // then: the views show the unit
        assertThat(user.status()).as(user.text()).isEqualTo(201);
        assertThat(user.json().path("unit").asString()).isEqualTo("user");
        assertThat(session.json().path("unit").asString()).isEqualTo("session");
        assertThat(api.get("/v1/layers/members", Api.VIEWER).json().path("unit").asString()).isEqualTo("user");
        Map<String, String> units = new LinkedHashMap<>();
        api.get("/v1/layers", Api.VIEWER).json().forEach(l -> units.put(l.path("id").asString(),
                l.path("unit").asString()));
        assertThat(units).containsEntry("default", "session").containsEntry("members", "user")
                .containsEntry("storefront", "session");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("INVALID_FIELD");
        assertThat(unknown.detail()).isEqualTo("unit: must be 'session' or 'user', got 'device'");

        // and: the snapshot topic carries LayerState.unitType
        ExperimentSnapshot members = latest(Records.readUntil(topics.experiments(),
                records -> records.stream().anyMatch(r -> r.key().equals("layer:storefront"))), "layer:members");
        assertThat(members.getLayer().getUnitType()).isEqualTo(UnitType.USER);
    }

    @Test
    void shouldGiveAnExperimentItsLayersUnitAndRefuseAnotherUnitNamingBothWhenCreatedOrEdited() {
        // given: a SESSION layer and a USER layer
        created(api.post("/v1/layers", Api.ADMIN, Bodies.layer("search")));
        created(api.post("/v1/layers", Api.ADMIN, layer("accounts", "user")));

        // when: a draft without a unit in the USER layer
        Response inherited = api.post("/v1/experiments", Api.OWNER, Bodies.experiment("welcome", "accounts"));

        // then: it is a USER experiment
        created(inherited);
        assertThat(inherited.json().path("unit").asString()).isEqualTo("user");

        // when: a USER experiment in the SESSION layer, and the USER draft edited to SESSION
        long before = eventCount();
        String draft = api.get("/v1/experiments/welcome", Api.VIEWER).text();
        Response create = api.post("/v1/experiments", Api.OWNER, withUnit(Bodies.experiment("ranking", "search"), "user"));
        Response edit = api.put("/v1/experiments/welcome", Api.OWNER,
                withUnit(Bodies.experiment("welcome", "accounts"), "session"));

        // then: 422 naming both units and the layer; nothing was appended or changed
        assertThat(create.status()).as(create.text()).isEqualTo(422);
        assertThat(create.code()).isEqualTo("UNIT_MISMATCH");
        assertThat(create.detail()).isEqualTo("unit: experiment unit USER does not match layer 'search' (unit SESSION);"
                + " every experiment of a layer has the layer's unit");
        assertThat(edit.status()).isEqualTo(422);
        assertThat(edit.detail()).startsWith("unit: experiment unit SESSION does not match layer 'accounts' (unit USER)");
        assertThat(api.get("/v1/experiments/ranking", Api.VIEWER).status()).isEqualTo(404);
        assertThat(api.get("/v1/experiments/welcome", Api.VIEWER).text()).isEqualTo(draft);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void shouldRefuseASaltInUseWith422AndAcceptASaltEqualToALayerIdWhenCreatingExperiments() {
        // given: layer 'catalog' with experiment 'catalog' in it (default salt = the layer's id)
        created(api.post("/v1/layers", Api.ADMIN, Bodies.layer("catalog")));
        created(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("catalog", "catalog")));
        ok(api.post("/v1/experiments/catalog/start", Api.OWNER, "{\"trafficPercent\": 50, \"reason\": \"go\"}"));

        // when: another experiment with the same salt, and one whose salt is another layer's id
        long before = eventCount();
        Response clash = api.post("/v1/experiments", Api.OWNER, withSalt(Bodies.experiment("catalog-2", "catalog"),
                "catalog"));
        Response layerSalt = api.post("/v1/experiments", Api.OWNER, withSalt(Bodies.experiment("catalog-3", "catalog"),
                "default"));

        // then
        assertThat(clash.status()).as(clash.text()).isEqualTo(422);
        assertThat(clash.code()).isEqualTo("SALT_IN_USE");
        assertThat(clash.detail()).isEqualTo("salt: 'catalog' is used by experiment 'catalog' (RUNNING); experiments"
                + " that are not stopped need distinct salts");
        created(layerSalt);
        assertThat(layerSalt.json().path("salt").asString()).isEqualTo("default");
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    @Test
    void shouldHashTheHoldoutByTheUnitSetThroughTheApiAndPublishIt() {
        // when: a 1% USER holdout, then 3% without a unit
        Response user = api.put("/v1/holdout", Api.ADMIN, "{\"percent\": 1, \"unit\": \"user\", \"reason\": \"ltv\"}");
        Response wider = api.put("/v1/holdout", Api.ADMIN, "{\"basisPoints\": 300}");
        Response bad = api.put("/v1/holdout", Api.ADMIN, "{\"basisPoints\": 300, \"unit\": \"visitor\"}");

        // then: the unit is kept until changed, shown and published
        ok(user);
        assertThat(user.json().path("unit").asString()).isEqualTo("user");
        ok(wider);
        assertThat(wider.json().path("unit").asString()).isEqualTo("user");
        assertThat(wider.json().path("basisPoints").asInt()).isEqualTo(300);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.detail()).isEqualTo("unit: must be 'session' or 'user', got 'visitor'");
        ExperimentSnapshot holdout = latest(Records.readUntil(topics.experiments(), records -> records.stream()
                .anyMatch(r -> r.key().equals("holdout") && ((ExperimentSnapshot) r.value()).getHoldout()
                        .getBasisPoints() == 300)), "holdout");
        assertThat(holdout.getHoldout().getUnitType()).isEqualTo(UnitType.USER);
        assertThat(holdout.getHoldout().getBasisPoints()).isEqualTo(300);
    }

    @Test
    void shouldComputeAnEarlierPhasesExpectedSplitFromTheSnapshotAloneWhenTheWeightsChanged() {
        // given: three treatments 33.34/33.33/33.33, started at 10%, ramped to 50%, paused and resumed, then
        // reweighted to 50/25/25 and stopped
        created(api.post("/v1/layers", Api.ADMIN, Bodies.layer("phases")));
        created(api.post("/v1/experiments", Api.OWNER, Bodies.experiment("split", "phases")));
        ok(api.post("/v1/experiments/split/start", Api.OWNER, "{\"trafficPercent\": 10, \"reason\": \"first look\"}"));
        ok(api.post("/v1/experiments/split/ramp", Api.OWNER, "{\"trafficPercent\": 50, \"reason\": \"healthy\"}"));
        ok(api.post("/v1/experiments/split/pause", Api.OWNER, null));
        ok(api.post("/v1/experiments/split/resume", Api.OWNER, null));
        ok(api.put("/v1/experiments/split/weights", Api.OWNER,
                "{\"weights\": {\"control\": 50, \"green\": 25, \"blue\": 25}}"));
        Response stopped = api.post("/v1/experiments/split/stop", Api.OWNER, "{\"reason\": \"decided\"}");
        ok(stopped);
        JsonNode history = api.get("/v1/experiments/split/history", Api.VIEWER).json();
        long last = history.get(history.size() - 1).path("sequence").asLong();

        // when: a consumer reads the snapshot topic (and nothing else)
        List<ConsumerRecord<String, ExperimentSnapshot>> snapshots = Records.readUntil(topics.experiments(),
                records -> records.stream().anyMatch(r -> ((ExperimentSnapshot) r.value()).getSequence() == last));
        ExperimentSnapshot snapshot = latest(snapshots, "experiment:split");
        ExperimentState x = snapshot.getExperiment();

        // then: phase 1's expected split is its own weights, not the current ones
        assertThat(snapshot.getSequence()).isEqualTo(last);
        assertThat(expectedSplit(x, 1)).containsExactly(Map.entry("control", 0.3334), Map.entry("green", 0.3333),
                Map.entry("blue", 0.3333));
        assertThat(expectedSplit(x, 2)).containsExactly(Map.entry("control", 0.5), Map.entry("green", 0.25),
                Map.entry("blue", 0.25));
        assertThat(x.getTreatments()).extracting(t -> t.getWeightBasisPoints()).containsExactly(5_000, 2_500, 2_500);
        // and: when each phase ran and at which traffic, the pause marked as not assigning
        Phase first = x.getPhases().get(0);
        Phase second = x.getPhases().get(1);
        assertThat(first.getTraffic()).extracting(t -> t.getTrafficBasisPoints() + "/" + t.getAssigning())
                .containsExactly("1000/true", "5000/true", "5000/false", "5000/true");
        assertThat(first.getTraffic().get(0).getFrom()).isEqualTo(first.getStartedAt());
        assertThat(second.getTraffic()).extracting(t -> t.getTrafficBasisPoints() + "/" + t.getAssigning())
                .containsExactly("5000/true");
        assertThat(snapshot.getExperiment().getStoppedAt()).as("the stop ends the last phase")
                .isEqualTo(snapshot.getTime());
        // and: the API shows the same phases
        JsonNode phases = stopped.json().path("phases");
        assertThat(phases.get(0).path("weights").get(0).path("weightBasisPoints").asInt()).isEqualTo(3_334);
        assertThat(phases.get(0).path("traffic")).hasSize(4);
        assertThat(phases.get(0).path("traffic").get(2).path("assigning").asBoolean()).isFalse();
        assertThat(phases.get(0).path("endedAt").asString()).isEqualTo(phases.get(1).path("startedAt").asString());
        assertThat(phases.get(1).path("endedAt").asString()).isEqualTo(stopped.json().path("stoppedAt").asString());
    }

    /** The expected split of a phase for a sample-ratio check: each treatment's share, from the snapshot alone. */
    private static Map<String, Double> expectedSplit(ExperimentState x, int phase) {
        Phase p = x.getPhases().stream().filter(ph -> ph.getNumber() == phase).findFirst().orElseThrow();
        int total = p.getWeights().stream().mapToInt(PhaseWeight::getWeightBasisPoints).sum();
        Map<String, Double> split = new LinkedHashMap<>();
        p.getWeights().forEach(w -> split.put(w.getTreatment(), w.getWeightBasisPoints() / (double) total));
        return split;
    }

    private static ExperimentSnapshot latest(List<ConsumerRecord<String, ExperimentSnapshot>> records, String key) {
        List<ConsumerRecord<String, ExperimentSnapshot>> ofKey = new ArrayList<>(records.stream()
                .filter(r -> r.key().equals(key)).toList());
        return ofKey.stream().map(ConsumerRecord::value)
                .max(Comparator.comparingLong(ExperimentSnapshot::getSequence)).orElseThrow();
    }

    private long eventCount() {
        return api.get("/v1/audit/verify", Api.VIEWER).json().path("verifiedThrough").asLong();
    }

    private static String layer(String id, String unit) {
        return "{\"id\": \"" + id + "\", \"name\": \"Layer " + id + "\", \"unit\": \"" + unit + "\"}";
    }

    private static String withUnit(String experiment, String unit) {
        return experiment.replace("\"layer\":", "\"unit\": \"" + unit + "\", \"layer\":");
    }

    private static String withSalt(String experiment, String salt) {
        return experiment.replace("\"layer\":", "\"salt\": \"" + salt + "\", \"layer\":");
    }

    private static void created(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(201);
    }

    private static void ok(Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }
}
