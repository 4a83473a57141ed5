package dev.ep.assignment.it;

import dev.ep.access.TokenHashes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.AssignmentServiceApplication;
import dev.ep.testsupport.TestPlatformProperties;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API key over real HTTP, with request targets written byte for byte: every {@code /v1} endpoint and method, in
 * every spelling Tomcat and Spring MVC route to it (percent-encoding, {@code ;} path parameters, {@code //},
 * {@code /./}, {@code /../}), answers 401 without the key; spellings that are not routed (case, double encoding)
 * reach no handler either. Explain needs the key too. One keep-alive connection serves more than Tomcat's default
 * of 100 requests.
 */
@SpringBootTest(classes = AssignmentServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiKeyIT {

    private static final String KEY = "storefront-key-1";

    /** Problem codes answered before any handler runs (MALFORMED_QUERY: the web-edge guard or valve): no handler was reached. */
    private static final Set<String> UNROUTED = Set.of("NOT_FOUND", "METHOD_NOT_ALLOWED", "API_KEY_REQUIRED", "MALFORMED_QUERY", "");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) throws Exception {
        TestPlatformProperties.kafka(registry);
        TestPlatformProperties.schemaRegistry(registry);
        String dataDir = Files.createTempDirectory("api-key-it").toString();
        registry.add("ep.assignment.data-dir", () -> dataDir);
        registry.add("ep.assignment.api-key-hashes", () -> TokenHashes.hash("another-storefront") + "," + TokenHashes.hash(KEY).toUpperCase());
    }

    record Endpoint(String method, String name, String query, String body) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "assign", "", "{\"sessionId\":\"s-key-1\"}"),
            new Endpoint("GET", "assign", "?sessionId=s-key-1", null),
            new Endpoint("HEAD", "assign", "?sessionId=s-key-1", null),
            new Endpoint("POST", "coverage", "", "{\"sessionId\":\"s-key-1\",\"experiments\":[]}"),
            new Endpoint("POST", "events", "", "{\"events\":[]}"),
            new Endpoint("GET", "explain", "?sessionId=s-key-1", null),
            new Endpoint("HEAD", "explain", "?sessionId=s-key-1", null));

    /** Spellings of {@code /v1/<name>}. */
    private static List<String> spellings(String name) {
        String encodedFirst = "%" + Integer.toHexString(name.charAt(0)) + name.substring(1);
        return List.of("/v1/" + name, "/%761/" + name, "/%76%31/" + name, "/v1/" + encodedFirst,
                "/v1;x/" + name, "/v1;/" + name, "/v1;x=y;z/" + name, "/v1/" + name + ";x", "/;x/v1/" + name,
                "//v1/" + name, "/v1//" + name, "///v1///" + name, "/./v1/" + name, "/v1/./" + name,
                "/x/../v1/" + name, "/v1/x/../" + name, "/%2e/v1/" + name, "/v1/%2E%2E/v1/" + name,
                "/V1/" + name, "/v1/" + name.toUpperCase(), "/%2576%31/" + name, "/v1%2F" + name);
    }

    @Test
    void shouldAnswer401OnEveryV1EndpointWhateverThePathSpellingWhenNoKeyIsSent() throws Exception {
        List<String> failures = new ArrayList<>();
        int routed = 0;
        for (Endpoint endpoint : ENDPOINTS) {
            for (String path : spellings(endpoint.name())) {
                // given: what the spelling reaches with the key
                String target = path + endpoint.query();
                RawReply withKey = RawHttp.once(port, ServiceHttp.raw(endpoint.method(), target, KEY, endpoint.body()));
                boolean reachesHandler = withKey.status() < 300 || !UNROUTED.contains(ServiceHttp.code(withKey));
                routed += reachesHandler ? 1 : 0;

                // when
                for (String key : new String[] {null, "", "storefront-key-2", KEY + "x"}) {
                    RawReply without = RawHttp.once(port, ServiceHttp.raw(endpoint.method(), target, key, endpoint.body()));

                    // then: 401 where a handler would answer, and never a handler's answer
                    boolean ok = reachesHandler ? without.status() == 401
                            && (endpoint.method().equals("HEAD") || ServiceHttp.code(without).equals("API_KEY_REQUIRED"))
                            : without.status() >= 400 && UNROUTED.contains(ServiceHttp.code(without));
                    if (!ok) {
                        failures.add(endpoint.method() + " " + target + " key=" + key + " -> " + without.status()
                                + " " + without.body() + " (with the key: " + withKey.status() + ")");
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(routed).as("spellings that reach a handler with the key").isGreaterThanOrEqualTo(ENDPOINTS.size() * 8);
    }

    @Test
    void shouldServeEncodedAndMatrixSpellingsWhenTheKeyIsSent() throws Exception {
        for (String target : List.of("/%761/assign?sessionId=s-key-2", "/v1;x/assign?sessionId=s-key-2",
                "/v1;x=y;z/explain?sessionId=s-key-2", "/v1/%65xplain;x?sessionId=s-key-2")) {
            RawReply response = RawHttp.once(port, ServiceHttp.raw("GET", target, KEY, null));

            assertThat(response.status()).as(target + ": " + response.body()).isEqualTo(200);
        }
        RawReply events = RawHttp.once(port, ServiceHttp.raw("POST", "/v1;/events", KEY, "{\"events\":[]}"));
        assertThat(ServiceHttp.code(events)).isNotIn("API_KEY_REQUIRED", "NOT_FOUND");
    }

    @Test
    void shouldServeExplainOnlyWithTheKeyWhenAKeyIsConfigured() throws Exception {
        RawReply without = RawHttp.once(port, ServiceHttp.raw("GET", "/v1/explain?sessionId=s-key-3", null, null));
        RawReply with = RawHttp.once(port, ServiceHttp.raw("GET", "/v1/explain?sessionId=s-key-3", KEY, null));

        assertThat(without.status()).isEqualTo(401);
        assertThat(without.text()).doesNotContain("hashSpec");
        assertThat(with.status()).isEqualTo(200);
        assertThat(with.text()).contains("\"sessionId\":\"s-key-3\"");
    }

    @Test
    void shouldLeaveHealthPrometheusAndTheOpenApiDocumentOpenWhenAKeyIsRequired() throws Exception {
        for (String target : List.of("/actuator/health/readiness", "/actuator/prometheus", "/v3/api-docs")) {
            RawReply response = RawHttp.once(port, ServiceHttp.raw("GET", target, null, null));

            assertThat(response.status()).as(target).isNotEqualTo(401).isLessThan(500);
        }
    }

    @Test
    void shouldServeMoreThanAHundredRequestsOnOneKeepAliveConnectionWhenTheClientKeepsIt() throws Exception {
        try (RawHttp connection = RawHttp.connect(port)) {
            for (int i = 0; i < 250; i++) {
                RawReply response = connection.exchange(ServiceHttp.raw("GET", "/v1/assign?sessionId=s-keep-" + i, KEY, null));

                assertThat(response.status()).as("request %d", i).isEqualTo(200);
                assertThat(response.header("connection")).as("request %d", i).isNotEqualToIgnoringCase("close");
            }
            assertThat(connection.closedByServer()).isFalse();
        }
    }
}
