package dev.ep.registry;

import dev.ep.testsupport.http.RawReply;
import dev.ep.testsupport.http.RawRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the registry's REST API in tests: any body, any content type, any status. Anonymous unless
 * made with {@link #withBasicAuth(String)}, which sends the credentials with every request, as Confluent clients do.
 */
final class RegistryHttp {

    static final String V1 = "application/vnd.schemaregistry.v1+json";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String authorization;

    RegistryHttp(String baseUrl) {
        this(baseUrl, null);
    }

    private RegistryHttp(String baseUrl, String authorization) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.authorization = authorization;
    }

    /** The same registry, with {@code user:password} sent as HTTP basic auth on every request. */
    RegistryHttp withBasicAuth(String userInfo) {
        return new RegistryHttp(baseUrl, basic(userInfo));
    }

    /**
     * A raw request (test-support {@code RawHttp}): the target's bytes as given, the headers in map order, the body
     * as given (framed by the headers when they name Content-Length or Transfer-Encoding, else by its length).
     */
    static RawRequest rawRequest(String method, byte[] target, Map<String, String> headers, byte[] body) {
        RawRequest request = RawRequest.of(method, new String(target, StandardCharsets.ISO_8859_1));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            request = request.header(header.getKey(), header.getValue());
        }
        return request.withBody(body);
    }

    /** A raw reply's body as JSON. */
    static JsonNode json(RawReply reply) {
        return JSON.readTree(reply.text());
    }

    static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    record Response(int status, String contentType, String body, HttpHeaders headers) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        int errorCode() {
            return json().get("error_code").asInt();
        }
    }

    Response get(String path) {
        return send(request(path).GET().header("Accept", V1).build());
    }

    Response get(String path, String accept) {
        return send(request(path).GET().header("Accept", accept).build());
    }

    Response post(String path, String body) {
        return post(path, body, V1);
    }

    Response post(String path, String body, String contentType) {
        HttpRequest.Builder builder = request(path).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.header("Accept", V1).build());
    }

    Response put(String path, String body) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", V1).header("Accept", V1).build());
    }

    Response delete(String path) {
        return send(request(path).DELETE().header("Accept", V1).build());
    }

    /** Any method, with a JSON body when {@code body} is not null. */
    Response send(String method, String path, String body) {
        HttpRequest.Builder builder = request(path).header("Accept", V1);
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", V1).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(builder.build());
    }

    /** Registers and returns the id, failing on anything but 200. */
    int register(String subject, String schema) {
        Response response = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (response.status() != 200) {
            throw new AssertionError("registration failed: " + response);
        }
        return response.json().get("id").asInt();
    }

    static String schemaBody(String schema) {
        return JSON.writeValueAsString(Map.of("schema", schema));
    }

    static String schemaBody(String schema, List<Map<String, Object>> references) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", schema);
        body.put("schemaType", "AVRO");
        body.put("references", references);
        return JSON.writeValueAsString(body);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
