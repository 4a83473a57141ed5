package dev.ep.console.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.config.ConfigServiceApplication;
import dev.ep.console.ConsoleApplication;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.ServiceInstance;
import dev.ep.testsupport.TestPlatform;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The proxy against a real config-service (test-support's broker, registry and PostgreSQL) and upstreams that are
 * down (a port nothing listens on): answers and problem details pass through unchanged, a down upstream is a 502
 * problem naming it, the allowlist and the path checks hold over real HTTP, explain's key is added only after
 * config-service accepted the caller's token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleProxyIT {

    private ServiceInstance config;
    private ServiceInstance console;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Database db = TestPlatform.postgres().newDatabase("config_service");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("spring.datasource.url", db.jdbcUrl());
        c.put("spring.datasource.username", db.username());
        c.put("spring.datasource.password", db.password());
        c.put("spring.kafka.bootstrap-servers", TestPlatform.kafka().bootstrapServers());
        c.put("spring.kafka.properties.schema.registry.url", TestPlatform.registry().url());
        c.put("ep.schema-registry.url", TestPlatform.registry().url());
        c.put("ep.config.security.dev-tokens", "true");
        config = ServiceInstance.start("config-service", ConfigServiceApplication.class, c);

        String down = "http://127.0.0.1:" + closedPort();
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("ep.console.config-url", config.baseUri());
        k.put("ep.console.reporting-url", down);
        k.put("ep.console.assignment-url", down);
        k.put("ep.console.ingest-url", down);
        k.put("ep.console.assignment-api-key", "a-key");
        k.put("ep.console.max-request-bytes", "65536");
        k.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"));
        console = ServiceInstance.start("console", ConsoleApplication.class, k);
    }

    @AfterAll
    void stop() {
        if (console != null) {
            console.close();
        }
        if (config != null) {
            config.close();
        }
    }

    @Test
    void shouldPassAnUpstreamProblemThroughUnchanged() throws Exception {
        String body = "{\"idd\": \"x\"}";

        HttpResponse<String> viaConsole = send("POST", console.baseUri() + "/api/config/v1/experiments",
                "dev-owner-token", body);
        HttpResponse<String> direct = send("POST", config.baseUri() + "/v1/experiments", "dev-owner-token", body);

        assertThat(viaConsole.statusCode()).isEqualTo(400).isEqualTo(direct.statusCode());
        assertThat(viaConsole.body()).isEqualTo(direct.body()).contains("UNKNOWN_FIELD");
        assertThat(viaConsole.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void shouldForwardTheCallersTokenAndNothingElse() throws Exception {
        HttpResponse<String> owner = send("GET", console.baseUri() + "/api/config/v1/me", "dev-owner-token", null);
        HttpResponse<String> none = send("GET", console.baseUri() + "/api/config/v1/me", null, null);
        HttpResponse<String> viewerWrite = send("POST", console.baseUri() + "/api/config/v1/experiments",
                "dev-viewer-token", "{}");

        assertThat(owner.statusCode()).isEqualTo(200);
        assertThat(owner.body()).contains("\"role\":\"owner\"");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(viewerWrite.statusCode()).isEqualTo(403);
        assertThat(viewerWrite.body()).contains("FORBIDDEN");
    }

    @Test
    void shouldAnswer502NamingTheServiceWhenAnUpstreamIsDown() throws Exception {
        HttpResponse<String> r = send("GET", console.baseUri() + "/api/reporting/v1/experiments/x/results",
                "dev-viewer-token", null);

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).contains("\"code\":\"UPSTREAM_UNAVAILABLE\"").contains("\"service\":\"reporting-service\"");
    }

    @Test
    void shouldCheckTheCallerAtConfigServiceBeforeAddingTheExplainKey() throws Exception {
        String explain = console.baseUri() + "/api/assignment/v1/explain?sessionId=s-1&page=cart";

        HttpResponse<String> stranger = send("GET", explain, "not-a-token", null);
        HttpResponse<String> viewer = send("GET", explain, "dev-viewer-token", null);

        assertThat(stranger.statusCode()).isEqualTo(401); // config-service refused: assignment never called
        assertThat(viewer.statusCode()).isEqualTo(502); // accepted: forwarded (with the key) to the down upstream
        assertThat(viewer.body()).contains("assignment-service");
    }

    @Test
    void shouldRefuseWhatTheAllowlistDoesNotHoldOverRealHttp() throws Exception {
        String base = console.baseUri().toString();

        assertThat(send("GET", base + "/api/config/v1/relay/parked", "dev-admin-token", null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", base + "/api/config/v1/experiments/%2e%2e/layers", "dev-admin-token", null)
                .statusCode()).isEqualTo(400);
        assertThat(send("GET", base + "/api/config/v1/experiments/a;b=c", "dev-admin-token", null).statusCode())
                .isEqualTo(400);
        HttpResponse<String> delete = send("DELETE", base + "/api/config/v1/experiments/x", "dev-admin-token", null);
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, PUT");
        HttpResponse<String> large = send("POST", base + "/api/reporting/v1/analysis", "dev-viewer-token",
                "{\"x\": \"" + "a".repeat(70_000) + "\"}");
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("PAYLOAD_TOO_LARGE");
    }

    @Test
    void shouldServeTheConsoleAndItsChartLibrary() throws Exception {
        HttpResponse<String> page = send("GET", console.baseUri() + "/", null, null);
        HttpResponse<String> echarts = send("GET", console.baseUri() + "/webjars/echarts/5.3.1/dist/echarts.min.js",
                null, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>ep console</title>");
        assertThat(echarts.statusCode()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");
    }

    private HttpResponse<String> send(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
