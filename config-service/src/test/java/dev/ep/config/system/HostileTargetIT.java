package dev.ep.config.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TestPlatformProperties;
import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 9 §4 over real HTTP (raw sockets, so the request target goes out exactly as written): a malformed query
 * string or path is a 4xx problem detail, never a 500, for GET and HEAD, on the API and outside it.
 */
@SpringBootTest(properties = "ep.config.security.dev-tokens=true",
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HostileTargetIT {

    private static final Database DB = TestPlatform.postgres().newDatabase("config_hostile");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        TestPlatformProperties.register(registry, DB);
        TestPlatformProperties.schemaRegistry(registry);
        registry.add("ep.config.relay.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void shouldAnswerAProblemDetailWhenTheQueryStringIsMalformed() {
        List<String> queries = List.of("x=%ED%A0%80", "status=%ED%A0%80", "x=%zz", "x=%E", "x=%", "%C0%AF=1",
                "x=%FF", "x=%F0%9F%98", "x=a%ED%B0%80b&y=1");
        for (String path : List.of("/v1/layers", "/v1/experiments", "/v1/holdout", "/actuator/health",
                "/v3/api-docs")) {
            for (String query : queries) {
                // when
                RawReply get = send("GET", path + "?" + query);
                RawReply head = send("HEAD", path + "?" + query);

                // then
                String what = path + "?" + query;
                assertThat(get.status()).as(what).isEqualTo(400);
                assertThat(get.header("Content-Type")).as(what).startsWith("application/problem+json");
                assertThat(get.text()).as(what).contains("\"code\":\"INVALID_PARAMETER\"", "query string");
                assertThat(head.status()).as("HEAD " + what).isEqualTo(400);
                assertThat(head.text()).as("HEAD " + what).isEmpty();
            }
        }
    }

    @Test
    void shouldAnswerA4xxWhenThePathIsMalformed() {
        for (String path : List.of("/v1/layers/%ED%A0%80", "/v1/layers/%zz", "/v1/layers/%E", "/v1/%C0%AF/x",
                "/v1/layers/%FF", "/%ED%A0%80", "/v1/layers/a%00b", "/v1/experiments/%ED%A0%80/start")) {
            for (String method : List.of("GET", "HEAD", "POST")) {
                // when
                RawReply answer = send(method, path);

                // then
                assertThat(answer.status()).as(method + " " + path).isBetween(400, 499);
            }
        }
    }

    @Test
    void shouldStillAnswerWhenTheQueryStringIsWellFormedUtf8() {
        RawReply euro = send("GET", "/v1/layers/%E2%82%AC");
        assertThat(euro.status()).isBetween(400, 499);
        assertThat(euro.text()).doesNotContain("percent-encoded", "hex digits");
        assertThat(send("GET", "/v1/experiments?owner=%F0%9F%98%80").status()).isEqualTo(200);
        assertThat(send("HEAD", "/v1/experiments?owner=team%20a").status()).isEqualTo(200);
    }

    private RawReply send(String method, String target) {
        return RawHttp.send(port, method, target, "Authorization: Bearer dev-viewer-token", "Content-Length: 0");
    }
}
