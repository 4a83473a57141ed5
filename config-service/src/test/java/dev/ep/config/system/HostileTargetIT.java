package dev.ep.config.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TestPlatformProperties;
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

    /** What came back: status, headers (lower-case names) and body. */
    record Answer(int status, String headers, String body) {
    }

    @Test
    void shouldAnswerAProblemDetailWhenTheQueryStringIsMalformed() throws IOException {
        List<String> queries = List.of("x=%ED%A0%80", "status=%ED%A0%80", "x=%zz", "x=%E", "x=%", "%C0%AF=1",
                "x=%FF", "x=%F0%9F%98", "x=a%ED%B0%80b&y=1");
        for (String path : List.of("/v1/layers", "/v1/experiments", "/v1/holdout", "/actuator/health",
                "/v3/api-docs")) {
            for (String query : queries) {
                // when
                Answer get = send("GET", path + "?" + query);
                Answer head = send("HEAD", path + "?" + query);

                // then
                String what = path + "?" + query;
                assertThat(get.status()).as(what).isEqualTo(400);
                assertThat(get.headers()).as(what).contains("content-type: application/problem+json");
                assertThat(get.body()).as(what).contains("\"code\":\"INVALID_PARAMETER\"", "query string");
                assertThat(head.status()).as("HEAD " + what).isEqualTo(400);
                assertThat(head.body()).as("HEAD " + what).isEmpty();
            }
        }
    }

    @Test
    void shouldAnswerA4xxWhenThePathIsMalformed() throws IOException {
        for (String path : List.of("/v1/layers/%ED%A0%80", "/v1/layers/%zz", "/v1/layers/%E", "/v1/%C0%AF/x",
                "/v1/layers/%FF", "/%ED%A0%80", "/v1/layers/a%00b", "/v1/experiments/%ED%A0%80/start")) {
            for (String method : List.of("GET", "HEAD", "POST")) {
                // when
                Answer answer = send(method, path);

                // then
                assertThat(answer.status()).as(method + " " + path).isBetween(400, 499);
            }
        }
    }

    @Test
    void shouldStillAnswerWhenTheQueryStringIsWellFormedUtf8() throws IOException {
        Answer euro = send("GET", "/v1/layers/%E2%82%AC");
        assertThat(euro.status()).isBetween(400, 499);
        assertThat(euro.body()).doesNotContain("percent-encoded", "hex digits");
        assertThat(send("GET", "/v1/experiments?owner=%F0%9F%98%80").status()).isEqualTo(200);
        assertThat(send("HEAD", "/v1/experiments?owner=team%20a").status()).isEqualTo(200);
    }

    private Answer send(String method, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer dev-viewer-token\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1); // one char per byte: chunk sizes are bytes
            assertThat(text).as(method + " " + target + ": an answer, not a dropped connection").startsWith("HTTP/1.1 ");
            int end = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, end).toLowerCase(Locale.ROOT);
            String body = text.substring(end + 4);
            if (headers.contains("transfer-encoding: chunked") && !body.isEmpty()) {
                body = dechunk(body);
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), headers,
                    new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", i);
            int size = Integer.parseInt(chunked.substring(i, lineEnd).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            i = lineEnd + 2 + size + 2;
        }
    }
}
