package dev.ep.assignment.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which requests the direct route takes: only the plain storefront request; every other shape goes to WebFlux (the
 * answers themselves are compared with WebFlux's over real HTTP in {@code StorefrontRouteIT}).
 */
class StorefrontRouteTest {

    private static final String KEY = "the-key";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StorefrontRoute route = new StorefrontRoute((request, response) -> Mono.empty(),
            List.of(endpoint("/v1/assign", 100), endpoint("/v1/events", 1_000)),
            key -> KEY.equals(key), new StorefrontMetrics(meters, 0), JsonMapper.builder().build(), meters);

    private static StorefrontRoute.Endpoint<Object, Object> endpoint(String path, long max) {
        return new StorefrontRoute.Endpoint<>(path, HttpStatus.OK, null, body -> body, null, max);
    }

    /**
     * Which route takes the plain request (a 10-byte JSON body with the key) with {@code headers} instead of the plain
     * ones: each {@code "Name: value"} replaces that header (named twice: two values), {@code "Name:"} removes it.
     */
    private String takenAt(String method, String target, String... headers) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        all.put("Content-Type", new ArrayList<>(List.of("application/json")));
        all.put("Content-Length", new ArrayList<>(List.of("10")));
        all.put("X-Api-Key", new ArrayList<>(List.of(KEY)));
        Set<String> replaced = new HashSet<>();
        for (String line : headers) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (replaced.add(name)) {
                all.put(name, new ArrayList<>());
            }
            if (!line.endsWith(":")) {
                all.get(name).add(value);
            }
        }
        MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.method(HttpMethod.valueOf(method),
                URI.create("http://localhost" + target));
        all.forEach((name, values) -> {
            if (!values.isEmpty()) {
                builder.header(name, values.toArray(String[]::new));
            }
        });
        StorefrontRoute.Endpoint<?, ?> endpoint = route.directly(builder.build());
        return endpoint == null ? "webflux" : endpoint.path();
    }

    private String taken(String... headers) {
        return takenAt("POST", "/v1/assign", headers);
    }

    @Test
    void shouldTakeThePlainRequestToEachEndpoint() {
        assertThat(taken()).isEqualTo("/v1/assign");
        assertThat(takenAt("POST", "/v1/events")).isEqualTo("/v1/events");
        assertThat(taken("Accept: application/json")).isEqualTo("/v1/assign");
        assertThat(taken("Accept: */*")).isEqualTo("/v1/assign");
        assertThat(taken("Content-Type: application/json;charset=UTF-8")).isEqualTo("/v1/assign");
        assertThat(taken("Content-Type: APPLICATION/JSON; charset=utf-8")).isEqualTo("/v1/assign");
        assertThat(taken("Content-Length: 100")).isEqualTo("/v1/assign");
        assertThat(takenAt("POST", "/v1/events", "Content-Length: 1000")).isEqualTo("/v1/events");
    }

    @Test
    void shouldLeaveOtherMethodsPathsAndQueriesToWebFlux() {
        for (String method : List.of("GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            assertThat(takenAt(method, "/v1/assign")).as(method).isEqualTo("webflux");
        }
        for (String target : List.of("/v1/coverage", "/v1/assign/", "/v1//assign", "/V1/assign", "/v1/%61ssign",
                "/v1;x/assign", "/v1/assign;x", "/v1/assign?", "/v1/assign?sessionId=s", "/v1/explain")) {
            assertThat(takenAt("POST", target)).as(target).isEqualTo("webflux");
        }
    }

    @Test
    void shouldLeaveEveryOtherHeaderShapeToWebFlux() {
        List<List<String>> shapes = List.of(
                List.of("Content-Type: text/plain"),
                List.of("Content-Type: application/json;charset=ISO-8859-1"),
                List.of("Content-Type: application/problem+json"),
                List.of("Content-Type: application/json;x=1"),
                List.of("Content-Type: */*"),
                List.of("Content-Type: application/json", "Content-Type: application/json"),
                List.of("Content-Type:"),
                List.of("Accept: text/html"),
                List.of("Accept: application/json, */*"),
                List.of("Accept: "),
                List.of("Accept: application/json", "Accept: application/json"),
                List.of("Content-Length: 0"),
                List.of("Content-Length: 101"),
                List.of("Content-Length: -1"),
                List.of("Content-Length: 1e3"),
                List.of("Content-Length: 10", "Content-Length: 10"),
                List.of("Content-Length: " + "9".repeat(19)),
                List.of("Content-Length:"),
                List.of("Transfer-Encoding: chunked"),
                List.of("Content-Encoding: gzip"),
                List.of("Expect: 100-continue"),
                List.of("X-Api-Key: another"),
                List.of("X-Api-Key: " + KEY, "X-Api-Key: " + KEY),
                List.of("X-Api-Key: "),
                List.of("X-Api-Key:"));
        for (List<String> shape : shapes) {
            assertThat(taken(shape.toArray(String[]::new))).as(shape.toString()).isEqualTo("webflux");
        }
    }

    @Test
    void shouldTakeARequestWithoutAKeyWhenNoneIsRequired() {
        StorefrontRoute open = new StorefrontRoute((request, response) -> Mono.empty(),
                List.of(endpoint("/v1/assign", 100)), key -> true, new StorefrontMetrics(meters, 0),
                JsonMapper.builder().build(), new SimpleMeterRegistry());

        assertThat(open.directly(MockServerHttpRequest.post("/v1/assign").header("Content-Type", "application/json")
                .header("Content-Length", "10").build())).isNotNull();
        assertThat(taken("X-Api-Key:")).isEqualTo("webflux"); // while the route with a key refuses it
    }

    @Test
    void shouldRefuseAnEndpointThatIsNoStorefrontPathOrIsListedTwice() {
        assertThatThrownBy(() -> new StorefrontRoute((request, response) -> Mono.empty(),
                List.of(endpoint("/v1/explain", 100)), key -> true, new StorefrontMetrics(meters, 0),
                JsonMapper.builder().build(), new SimpleMeterRegistry())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StorefrontRoute((request, response) -> Mono.empty(),
                List.of(endpoint("/v1/assign", 100), endpoint("/v1/assign", 5)), key -> true,
                new StorefrontMetrics(meters, 0), JsonMapper.builder().build(), new SimpleMeterRegistry()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadOnlyPlainDecimalLengths() {
        assertThat(StorefrontRoute.length("0")).isZero();
        assertThat(StorefrontRoute.length("00042")).isEqualTo(42);
        assertThat(StorefrontRoute.length("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
        for (String bad : List.of("", "+1", "-1", " 1", "1 ", "0x10", "1e3", "١٢", "9".repeat(19))) {
            assertThat(StorefrontRoute.length(bad)).as(bad).isEqualTo(-1);
        }
    }

    /** A body and an answer for the serving tests. */
    public record Echo(String text) {
    }

    private final List<byte[]> replayed = new ArrayList<>();

    /** A route whose one endpoint echoes {@code text}, throws what {@code failure} says, or fails unexpectedly. */
    private StorefrontRoute serving() {
        JsonMapper mapper = JsonMapper.builder().build();
        StorefrontRoute.Endpoint<Echo, Echo> echo = new StorefrontRoute.Endpoint<>("/v1/events", HttpStatus.ACCEPTED,
                new DirectJson.BodyDecoder<>(Echo.class, mapper, null, 1_000),
                body -> switch (body.text()) {
                    case "refuse" -> throw new ApiException(ErrorCode.MISSING_FIELD, "refused here");
                    case "bug" -> throw new IllegalStateException("a bug");
                    default -> body;
                },
                new DirectJson.AnswerEncoder<>(Echo.class, mapper, (out, a) -> {
                    out.writeStartObject();
                    out.writeStringProperty("text", a.text());
                    out.writeEndObject();
                }, 64), 1_000);
        return new StorefrontRoute((request, response) -> DataBufferUtils.join(request.getBody()).doOnNext(b -> {
            byte[] bytes = new byte[b.readableByteCount()];
            b.read(bytes);
            replayed.add(bytes);
        }).then(), List.of(echo), key -> true, new StorefrontMetrics(meters, 0), mapper, meters);
    }

    private MockServerHttpResponse serve(StorefrontRoute route, String body) {
        MockServerHttpRequest request = MockServerHttpRequest.post("/v1/events")
                .header("Content-Type", "application/json")
                .header("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length))
                .body(body);
        MockServerHttpResponse response = new MockServerHttpResponse();
        route.handle(request, response).block(Duration.ofSeconds(5));
        return response;
    }

    @Test
    void shouldAnswerWithTheEndpointsStatusTypeAndLengthWhenTheBodyIsServed() {
        MockServerHttpResponse response = serve(serving(), "{\"text\":\"hello\"}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(response.getHeaders().getContentType()).hasToString("application/json");
        assertThat(response.getBodyAsString().block()).isEqualTo("{\"text\":\"hello\"}");
        assertThat(response.getHeaders().getContentLength()).isEqualTo("{\"text\":\"hello\"}".length());
        assertThat(meters.get("ep.storefront.route").tag("route", "direct").counter().count()).isEqualTo(1);
        assertThat(meters.get("http.server.requests").tag("uri", "/v1/events").tag("status", "202").timer().count())
                .isEqualTo(1);
        assertThat(replayed).isEmpty();
    }

    @Test
    void shouldAnswerTheAdvicesProblemWhenTheHandlerRefusesOrFails() {
        StorefrontRoute route = serving();

        MockServerHttpResponse refused = serve(route, "{\"text\":\"refuse\"}");
        MockServerHttpResponse failed = serve(route, "{\"text\":\"bug\"}");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(refused.getBodyAsString().block()).contains("\"code\":\"MISSING_FIELD\"", "\"detail\":\"refused here\"",
                "\"instance\":\"/v1/events\"");
        assertThat(failed.getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(failed.getBodyAsString().block()).contains("\"code\":\"INTERNAL\"").doesNotContain("a bug");
        assertThat(meters.get("http.server.requests").tag("uri", "/v1/events").tag("status", "400").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("http.server.requests").tag("uri", "/v1/events").tag("status", "500").timer().count())
                .isEqualTo(1);
        assertThat(replayed).isEmpty();
    }

    @Test
    void shouldHandABodyTheReaderRefusesToWebFluxWithTheSameBytesAndTimeNothingItself() {
        StorefrontRoute route = serving();

        for (String body : List.of("{\"text\":", "null", "{\"other\":1}x")) {
            MockServerHttpResponse response = serve(route, body);
            assertThat(response.getStatusCode()).as(body).isNull(); // answered by WebFlux (here: nothing written)
        }

        assertThat(replayed).extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("{\"text\":", "null", "{\"other\":1}x");
        assertThat(meters.get("ep.storefront.route").tag("route", "replayed").counter().count()).isEqualTo(3);
        assertThat(meters.find("http.server.requests").timers()).isEmpty();
    }
}
