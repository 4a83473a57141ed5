package dev.ep.config.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.ep.config.view.Json;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** A RestClient over real HTTP that returns every response (2xx or not) as status, headers and JSON. */
public final class Api {

    public static final String OWNER = "dev-owner-token";
    public static final String ADMIN = "dev-admin-token";
    public static final String VIEWER = "dev-viewer-token";

    private final RestClient client;

    public Api(int port) {
        this.client = RestClient.create("http://127.0.0.1:" + port);
    }

    /** A response: status, headers, body as JSON (null when empty). */
    public record Response(int status, HttpHeaders headers, String text) {
        public JsonNode json() {
            return text == null || text.isEmpty() ? null : Json.parse(text);
        }

        /** The problem detail's {@code code}. */
        public String code() {
            return json().path("code").asString();
        }

        public String detail() {
            return json().path("detail").asString();
        }
    }

    public Response get(String path, String token) {
        return call(HttpMethod.GET, path, token, null, null);
    }

    public Response post(String path, String token, String body) {
        return call(HttpMethod.POST, path, token, body, null);
    }

    public Response put(String path, String token, String body) {
        return call(HttpMethod.PUT, path, token, body, null);
    }

    public Response call(HttpMethod method, String path, String token, String body, String ifMatch) {
        return callBytes(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), ifMatch);
    }

    /** A request whose body is exactly these bytes (e.g. malformed UTF-8), sent as application/json. */
    public Response callBytes(HttpMethod method, String path, String token, byte[] body, String ifMatch) {
        RestClient.RequestBodySpec spec = client.method(method).uri(path);
        if (token != null) {
            spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        if (ifMatch != null) {
            spec.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        if (body != null) {
            spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return spec.exchange((request, response) -> {
            byte[] bytes;
            try {
                bytes = response.getBody().readAllBytes();
            } catch (IOException e) {
                bytes = new byte[0];
            }
            return new Response(response.getStatusCode().value(), response.getHeaders(),
                    new String(bytes, StandardCharsets.UTF_8));
        });
    }
}
