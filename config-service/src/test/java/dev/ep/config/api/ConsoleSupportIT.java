package dev.ep.config.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.config.support.Api;
import dev.ep.config.support.Api.Response;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TestPlatformProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The endpoints the web console needs beside the experiment commands, over real HTTP: who the token is
 * ({@code GET /v1/me}) and the targeting rule check as the owner types ({@code POST /v1/targeting/validate}).
 */
@SpringBootTest(properties = {"ep.config.security.dev-tokens=true",
        "ep.config.security.tokens[0].principal=team-cart",
        "ep.config.security.tokens[0].role=owner",
        // sha256 of "cart-owner-token"
        "ep.config.security.tokens[0].sha256=" + ConsoleSupportIT.CART_OWNER_SHA256,
        "ep.config.security.tokens[0].teams=team-cart,team-checkout"},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ConsoleSupportIT {

    static final String CART_OWNER = "cart-owner-token";
    static final String CART_OWNER_SHA256 = "eb39a0dbc96646940586c7f2ecf7820f1d3e6ff3631fcd26c3fc957415d4b55f";
    static final Database DB = TestPlatform.postgres().newDatabase("config_console");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        TestPlatformProperties.register(registry, DB);
        TestPlatformProperties.schemaRegistry(registry);
        registry.add("ep.config.relay.changes-topic", () -> TestPlatform.uniqueTopic("ep.config.changes"));
        registry.add("ep.config.relay.experiments-topic", () -> TestPlatform.uniqueTopic("ep.config.experiments"));
    }

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    // ------------------------------------------------------------------ GET /v1/me

    @Test
    void shouldDescribeEachDevelopmentTokenWhenAskedWhoItIs() {
        assertThat(api.get("/v1/me", Api.OWNER).json().toString()).isEqualTo(
                "{\"name\":\"dev-owner\",\"role\":\"owner\",\"teams\":[\"*\"],\"canWrite\":true,\"canChangePlatform\":false}");
        assertThat(api.get("/v1/me", Api.ADMIN).json().toString()).isEqualTo(
                "{\"name\":\"dev-admin\",\"role\":\"admin\",\"teams\":[\"*\"],\"canWrite\":true,\"canChangePlatform\":true}");
        assertThat(api.get("/v1/me", Api.VIEWER).json().toString()).isEqualTo(
                "{\"name\":\"dev-viewer\",\"role\":\"viewer\",\"teams\":[],\"canWrite\":false,\"canChangePlatform\":false}");
    }

    @Test
    void shouldListAConfiguredOwnersTeamsWhenItIsBoundToSome() {
        JsonNode me = api.get("/v1/me", CART_OWNER).json();

        assertThat(me.path("name").asString()).isEqualTo("team-cart");
        assertThat(me.path("teams").toString()).isEqualTo("[\"team-cart\",\"team-checkout\"]");
        assertThat(me.path("canWrite").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswer401ProblemWhenTheTokenIsMissingOrUnknown() {
        for (String token : new String[] {null, "not-a-token", ""}) {
            Response r = api.get("/v1/me", token);

            assertThat(r.status()).as("token %s", token).isEqualTo(401);
            assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
            assertThat(r.headers().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(r.headers().getContentType().toString()).startsWith("application/problem+json");
        }
    }

    @Test
    void shouldRefuseOtherMethodsAndQueryParametersWhenAskingWhoIAm() {
        assertThat(api.post("/v1/me", Api.OWNER, "{}").status()).isEqualTo(405);
        Response r = api.get("/v1/me?as=dev-admin", Api.VIEWER);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("INVALID_PARAMETER");
    }
}
