package dev.ep.assignment.api;

import dev.ep.webedge.RequestChecks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The storefront's direct route (issue 13): an {@link HttpHandler} in front of WebFlux's own (the exchange, the web
 * filters, the dispatcher, the codecs' negotiation), serving the plain, well-formed storefront request itself and
 * handing every other request to WebFlux unchanged. At saturation the service spent twice the static floor's
 * event-loop CPU per request, and most of the difference was WebFlux's per-request machinery, not the assignment.
 *
 * <p><b>What it serves</b>: {@code POST} to exactly one of the endpoints' raw paths ({@code /v1/assign},
 * {@code /v1/coverage}, {@code /v1/events}), no query string, a single {@code Content-Type} of exactly
 * {@code application/json} (or with {@code charset=UTF-8}), no {@code Accept} or exactly {@code application/json} or
 * {@code *}{@code /*}, a single {@code Content-Length} between 1 and the endpoint's body bound, no
 * {@code Transfer-Encoding}, {@code Content-Encoding} or {@code Expect}, and the storefront key when one is required.
 * Everything else (another spelling of the path, a refusal of the edge guard, a missing or refused key, a chunked
 * body, any other media type) goes to WebFlux, which answers as it always did.
 *
 * <p><b>How it keeps the contract</b>: it calls the same body reader, the same controller method and the same answer
 * writer as the annotated endpoint. A body the reader refuses is handed to WebFlux with the bytes already read
 * ({@link Replayed}), so every decoding problem detail is WebFlux's own, byte for byte. A refusal after that (the
 * controller's validation, a coverage claim that does not match) is answered from {@link ProblemAdvice}'s own mapping
 * and view, written with the application's mapper. Every request it serves is timed into the same
 * {@code http.server.requests} timers as {@link StorefrontMetrics} (which does not see it) and counted in
 * {@code ep.storefront.route} ({@code route=direct}, or {@code route=replayed} when handed to WebFlux after reading).
 * It never blocks: the body is joined from the buffers Netty delivers, and the controllers hand events off without
 * waiting.
 */
public final class StorefrontRoute implements HttpHandler {

    /** The request types served directly (the header's exact text, case-insensitive). */
    private static final Set<String> CONTENT_TYPES = Set.of("application/json", "application/json;charset=utf-8",
            "application/json; charset=utf-8");
    private static final Set<String> ACCEPTS = Set.of("application/json", "*/*");

    /**
     * One storefront endpoint: its raw path, the status of a success, the body reader, the controller method and the
     * answer writer the annotated endpoint uses, and its body bound in bytes.
     */
    public record Endpoint<B, A>(String path, HttpStatus status, DirectJson.BodyDecoder<B> decoder,
            Function<B, A> handler, DirectJson.AnswerEncoder<A> encoder, long maxBodyBytes) {

        /** Reads, handles and writes one body; a reader's refusal is thrown as {@link Unreadable}. */
        DataBuffer serve(byte[] body, ServerHttpResponse response) {
            B request;
            try {
                request = decoder.read(body);
            } catch (RuntimeException e) {
                throw new Unreadable(e);
            }
            if (request == null) { // a body of "null": WebFlux answers it as a missing body
                throw new Unreadable(new IllegalArgumentException("no body"));
            }
            A answer = handler.apply(request);
            return encoder.encodeValue(answer, response.bufferFactory(), null, null, null);
        }
    }

    /** The body reader refused the body: WebFlux answers it. */
    static final class Unreadable extends RuntimeException {
        Unreadable(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private final HttpHandler webFlux;
    private final Map<String, Endpoint<?, ?>> endpoints;
    private final Predicate<String> keyAccepted;
    private final StorefrontMetrics metrics;
    private final JsonMapper mapper;
    private final Counter direct;
    private final Counter replayed;

    /**
     * @param webFlux     WebFlux's own handler, which answers every request this route does not serve
     * @param keyAccepted whether an {@code X-Api-Key} value (or its absence, {@code null}) lets a request through
     */
    public StorefrontRoute(HttpHandler webFlux, List<Endpoint<?, ?>> endpoints, Predicate<String> keyAccepted,
            StorefrontMetrics metrics, JsonMapper mapper, MeterRegistry meters) {
        this.webFlux = webFlux;
        Map<String, Endpoint<?, ?>> byPath = new HashMap<>();
        for (Endpoint<?, ?> e : endpoints) {
            if (StorefrontMetrics.endpoint(e.path()) < 0 || byPath.put(e.path(), e) != null) {
                throw new IllegalArgumentException("not a storefront path, or twice: " + e.path());
            }
        }
        this.endpoints = Map.copyOf(byPath);
        this.keyAccepted = keyAccepted;
        this.metrics = metrics;
        this.mapper = mapper;
        this.direct = route(meters, "direct", "Storefront requests served by the direct route");
        this.replayed = route(meters, "replayed",
                "Storefront requests whose body the direct route could not read, handed to WebFlux with it");
    }

    private static Counter route(MeterRegistry meters, String route, String description) {
        return Counter.builder("ep.storefront.route").tag("route", route).description(description).register(meters);
    }

    @Override
    public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
        Endpoint<?, ?> endpoint = directly(request);
        return endpoint == null ? webFlux.handle(request, response) : serve(endpoint, request, response);
    }

    /** The endpoint that serves this request directly, or {@code null} when WebFlux answers it. */
    Endpoint<?, ?> directly(ServerHttpRequest request) {
        if (request.getMethod() != HttpMethod.POST) {
            return null;
        }
        Endpoint<?, ?> endpoint = endpoints.get(request.getURI().getRawPath());
        if (endpoint == null || request.getURI().getRawQuery() != null) {
            return null;
        }
        HttpHeaders headers = request.getHeaders();
        String contentType = single(headers, HttpHeaders.CONTENT_TYPE);
        String accept = single(headers, HttpHeaders.ACCEPT);
        String length = single(headers, HttpHeaders.CONTENT_LENGTH);
        if (contentType == null || !CONTENT_TYPES.contains(contentType.toLowerCase(Locale.ROOT))
                || (accept != null && !ACCEPTS.contains(accept))
                || (accept == null && headers.containsHeader(HttpHeaders.ACCEPT))
                || length == null || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
                || headers.containsHeader(HttpHeaders.CONTENT_ENCODING) || headers.containsHeader(HttpHeaders.EXPECT)) {
            return null;
        }
        long declared = length(length);
        if (declared < 1 || declared > endpoint.maxBodyBytes()) {
            return null;
        }
        String key = single(headers, ApiKeyFilter.HEADER);
        if ((key == null && headers.containsHeader(ApiKeyFilter.HEADER)) || !keyAccepted.test(key)) {
            return null;
        }
        if (RequestChecks.refusal(request.getMethod().name(), null, request.getURI().getRawPath(), contentType, false)
                .isPresent()) {
            return null;
        }
        return endpoint;
    }

    /** A {@code Content-Length} of at most 18 digits, or -1. */
    static long length(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    /** The header's only value; {@code null} when absent or repeated. */
    private static String single(HttpHeaders headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.size() != 1 ? null : values.get(0);
    }

    private Mono<Void> serve(Endpoint<?, ?> endpoint, ServerHttpRequest request, ServerHttpResponse response) {
        long start = System.nanoTime();
        int[] status = {-1}; // -1 until answered here; 0 once handed to WebFlux, which times it itself
        return DataBufferUtils.join(request.getBody(), (int) endpoint.maxBodyBytes())
                .map(StorefrontRoute::bytes)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    DataBuffer answer;
                    try {
                        answer = endpoint.serve(body, response);
                    } catch (Unreadable e) {
                        replayed.increment();
                        status[0] = 0;
                        return webFlux.handle(new Replayed(request, body), response);
                    } catch (RuntimeException e) {
                        ProblemDetail problem = ProblemAdvice.problem(e, endpoint.path());
                        status[0] = problem.getStatus();
                        direct.increment();
                        return write(response, HttpStatusCode.valueOf(problem.getStatus()),
                                MediaType.APPLICATION_PROBLEM_JSON,
                                response.bufferFactory().wrap(mapper.writeValueAsBytes(
                                        ProblemAdvice.view(problem, endpoint.path()))));
                    }
                    status[0] = endpoint.status().value();
                    direct.increment();
                    return write(response, endpoint.status(), MediaType.APPLICATION_JSON, answer);
                })
                .doFinally(signal -> {
                    if (status[0] != 0) {
                        // as StorefrontMetrics: a cancelled request's status is unknown, a failed one's 500
                        int code = signal == SignalType.CANCEL ? -1 : status[0] == -1 ? 500 : status[0];
                        metrics.record(endpoint.path(), HttpMethod.POST, code, System.nanoTime() - start);
                    }
                });
    }

    private static byte[] bytes(DataBuffer body) {
        try {
            byte[] bytes = new byte[body.readableByteCount()];
            body.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(body);
        }
    }

    private static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, MediaType type,
            DataBuffer body) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(type);
        response.getHeaders().setContentLength(body.readableByteCount());
        return response.writeWith(Mono.just(body));
    }

    /** The request as received, its body the bytes the route already read. */
    static final class Replayed extends ServerHttpRequestDecorator {
        private final byte[] body;

        Replayed(ServerHttpRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
        }
    }
}
