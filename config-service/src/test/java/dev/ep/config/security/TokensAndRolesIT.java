package dev.ep.config.security;

import dev.ep.access.TokenHashes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.ep.config.support.Api;
import dev.ep.config.support.Api.Response;
import dev.ep.config.support.Bodies;
import dev.ep.config.support.ConfigTopics;
import dev.ep.config.support.ServiceInstance;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §1 over real HTTP: no public default credentials (the development tokens only when enabled, no start
 * without tokens) and the roles (layers and the platform holdout need admin).
 */
class TokensAndRolesIT {

    private static final Database DB = TestPlatform.postgres().newDatabase("config_security");

    private static String sha(String token) {
        return TokenHashes.hash(token);
    }

    @Test
    void shouldRefuseToStartWhenNoTokenIsConfiguredAndDevTokensAreNotEnabled() {
        assertThatThrownBy(() -> ServiceInstance.start(DB, ConfigTopics.unique(), false, Map.of()).close())
                .rootCause()
                .hasMessageContaining("no bearer token configured")
                .hasMessageContaining("EP_CONFIG_ADMIN_TOKEN_SHA256")
                .hasMessageContaining("sha256sum")
                .hasMessageContaining("EP_CONFIG_DEV_TOKENS=true");
    }

    @Test
    void shouldAcceptOnlyTheConfiguredTokensWhenDevTokensAreNotEnabled() {
        // given: an admin token configured by hash, development tokens not enabled
        Map<String, String> settings = Map.of(
                "EP_CONFIG_ADMIN_TOKEN_SHA256", sha("s3cret-admin"), "EP_CONFIG_ADMIN_PRINCIPAL", "ops");
        try (ServiceInstance service = ServiceInstance.start(DB, ConfigTopics.unique(), false, settings)) {
            Api api = new Api(service.port());

            // when
            Response admin = api.get("/v1/layers", "s3cret-admin");
            Response devAdmin = api.get("/v1/layers", Api.ADMIN);
            Response devViewer = api.get("/v1/layers", Api.VIEWER);
            Response created = api.post("/v1/layers", "s3cret-admin", Bodies.layer("ops-layer"));

            // then
            assertThat(admin.status()).isEqualTo(200);
            assertThat(devAdmin.status()).isEqualTo(401);
            assertThat(devViewer.status()).isEqualTo(401);
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            assertThat(api.get("/v1/layers/ops-layer", "s3cret-admin").status()).isEqualTo(200);
        }
    }

    @Test
    void shouldAcceptTheDevTokensWhenEnabled() {
        try (ServiceInstance service = ServiceInstance.start(DB, ConfigTopics.unique(), false,
                Map.of("ep.config.security.dev-tokens", "true"))) {
            Api api = new Api(service.port());

            assertThat(api.get("/v1/layers", Api.VIEWER).status()).isEqualTo(200);
            assertThat(api.get("/v1/layers", Api.OWNER).status()).isEqualTo(200);
            assertThat(api.get("/v1/layers", Api.ADMIN).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldNeedAdminForLayersAndTheHoldoutWhenAnOwnerTries() {
        try (ServiceInstance service = ServiceInstance.start(DB, ConfigTopics.unique(), false)) {
            Api api = new Api(service.port());
            long holdoutVersion = Long.parseLong(api.get("/v1/holdout", Api.VIEWER).headers().getETag()
                    .replace("\"", ""));

            // when: an owner creates a layer and changes the holdout (once with a body that is not even valid)
            Response layerByOwner = api.post("/v1/layers", Api.OWNER, Bodies.layer("owners-layer"));
            Response holdoutByOwner = api.put("/v1/holdout", Api.OWNER, "{\"percent\": 5}");
            Response badHoldoutByOwner = api.put("/v1/holdout", Api.OWNER, "{\"percent\": ");

            // then: 403 before the body is read, nothing changed
            assertThat(layerByOwner.status()).isEqualTo(403);
            assertThat(layerByOwner.code()).isEqualTo("FORBIDDEN");
            assertThat(layerByOwner.detail()).contains("dev-owner", "need role admin");
            assertThat(holdoutByOwner.status()).isEqualTo(403);
            assertThat(badHoldoutByOwner.status()).isEqualTo(403);
            assertThat(api.get("/v1/layers/owners-layer", Api.VIEWER).status()).isEqualTo(404);
            assertThat(api.get("/v1/holdout", Api.VIEWER).headers().getETag()).isEqualTo("\"" + holdoutVersion + "\"");

            // and: an admin may do both, and an owner still runs experiments in the admin's layer
            assertThat(api.post("/v1/layers", Api.ADMIN, Bodies.layer("owners-layer")).status()).isEqualTo(201);
            assertThat(api.put("/v1/holdout", Api.ADMIN, "{\"percent\": 5}").status()).isEqualTo(200);
            Response experiment = api.post("/v1/experiments", Api.OWNER, Bodies.experiment("own-exp", "owners-layer"));
            assertThat(experiment.status()).as(experiment.text()).isEqualTo(201);
        }
    }

    @Test
    void shouldLetAnOwnerTokenChangeOnlyItsTeamsExperimentsWhenBoundToTeams() {
        // given: one owner token per team (the checkout team's names two teams), and an admin
        Map<String, String> settings = new java.util.HashMap<>();
        String[][] tokens = {
                {"search-bot", "owner", "search-token", "team-search"},
                {"carol", "owner", "checkout-token", "team-cart,team-checkout"},
                {"ops", "admin", "admin-token", ""}};
        for (int i = 0; i < tokens.length; i++) {
            String prefix = "ep.config.security.tokens[" + i + "].";
            settings.put(prefix + "principal", tokens[i][0]);
            settings.put(prefix + "role", tokens[i][1]);
            settings.put(prefix + "sha256", sha(tokens[i][2]));
            settings.put(prefix + "teams", tokens[i][3]);
        }
        try (ServiceInstance service = ServiceInstance.start(DB, ConfigTopics.unique(), false, settings)) {
            Api api = new Api(service.port());
            assertThat(api.post("/v1/layers", "admin-token", Bodies.layer("team-layer")).status()).isEqualTo(201);

            // when: the search team's token creates a checkout-team experiment, the checkout team creates it
            Response foreignCreate = api.post("/v1/experiments", "search-token",
                    Bodies.experiment("team-exp", "team-layer"));
            Response ownCreate = api.post("/v1/experiments", "checkout-token",
                    Bodies.experiment("team-exp", "team-layer"));
            Response foreignStart = api.post("/v1/experiments/team-exp/start", "search-token",
                    "{\"trafficPercent\": 10, \"reason\": \"hijack\"}");
            String handOver = Bodies.experiment("team-exp", "team-layer").replace("team-checkout", "team-search");
            Response foreignHandOver = api.put("/v1/experiments/team-exp", "checkout-token", handOver);

            // then: 403 problem details naming the team, nothing changed; the owning team and an admin may act
            assertThat(foreignCreate.status()).as(foreignCreate.text()).isEqualTo(403);
            assertThat(foreignCreate.code()).isEqualTo("TEAM_FORBIDDEN");
            assertThat(foreignCreate.detail()).contains("search-bot", "team-checkout");
            assertThat(ownCreate.status()).as(ownCreate.text()).isEqualTo(201);
            assertThat(foreignStart.status()).as(foreignStart.text()).isEqualTo(403);
            assertThat(foreignHandOver.status()).as(foreignHandOver.text()).isEqualTo(403);
            Response after = api.get("/v1/experiments/team-exp", "search-token");
            assertThat(after.text()).contains("\"status\":\"DRAFT\"", "\"owner\":\"team-checkout\"");
            assertThat(api.put("/v1/experiments/team-exp", "admin-token", handOver).status()).isEqualTo(200);
            assertThat(api.get("/v1/experiments/team-exp", "search-token").text())
                    .contains("\"owner\":\"team-search\"");
        }
    }
}
