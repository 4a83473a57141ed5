package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.http.RawHttp;
import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running service over real HTTP: JSON bodies as objects, as text or as raw bytes (for what no JSON library
 * writes, e.g. a lone surrogate), and GETs written byte for byte (for query strings no URI class lets through).
 */
final class ServiceHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Response(int status, JsonNode body) {

        String code() {
            return body.path("code").asString();
        }
    }

    /**
     * A raw request as the service's tests send it over a plain socket (test-support {@code RawHttp}): the API key
     * when given, a JSON body when given.
     */
    static RawRequest raw(String method, String target, String apiKey, String jsonBody) {
        RawRequest request = RawRequest.of(method, target);
        if (apiKey != null) {
            request = request.header("X-Api-Key", apiKey);
        }
        return jsonBody == null ? request : request.json(jsonBody);
    }

    /** The problem's {@code code}, or "" when the body is no problem detail. */
    static String code(RawReply reply) {
        if (!String.valueOf(reply.header("content-type")).startsWith("application/problem+json")) {
            return "";
        }
        return JSON.readTree(reply.text()).path("code").asString();
    }

    private final int port;
    private final RestClient http;

    ServiceHttp(int port) {
        this.port = port;
        this.http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> { }).build();
    }

    JsonNode get(String path) {
        return exchangeGet(path).body();
    }

    Response exchangeGet(String path) {
        return http.get().uri(path).exchange((req, res) -> new Response(res.getStatusCode().value(),
                read(res.getBody())));
    }

    /** A successful POST's body. */
    JsonNode post(String path, Object body) {
        Response response = exchange(path, body);
        assertThat(response.status()).as("POST %s: %s", path, response.body()).isLessThan(300);
        return response.body();
    }

    Response exchange(String path, Object body) {
        return exchangeRaw(path, JSON.writeValueAsString(body));
    }

    Response exchangeRaw(String path, String body) {
        return exchangeBytes(path, body.getBytes(StandardCharsets.UTF_8));
    }

    Response exchangeBytes(String path, byte[] body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((req, res) -> new Response(res.getStatusCode().value(), read(res.getBody())));
    }

    /** A GET written byte for byte (test-support {@code RawHttp}: no client normalises the target). */
    Response rawGet(String pathAndQuery) throws Exception {
        RawReply reply = RawHttp.once(port, RawRequest.of("GET", pathAndQuery));
        return new Response(reply.status(), JSON.readTree(reply.text()));
    }

    /** The body as JSON; a body that is not valid UTF-8 JSON fails the test here. */
    private static JsonNode read(InputStream body) throws java.io.IOException {
        byte[] bytes = body.readAllBytes();
        return bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
    }

    /** The current configuration version from the health endpoint ({@code -1} before any). */
    long configVersion() {
        return get("/actuator/health").at("/components/config/details/configVersion").asLong(-1);
    }

    static JsonNode assignmentOf(JsonNode response, String experimentId) {
        for (JsonNode a : response.get("assignments")) {
            if (a.get("experimentId").asString().equals(experimentId)) {
                return a;
            }
        }
        return null;
    }
}
