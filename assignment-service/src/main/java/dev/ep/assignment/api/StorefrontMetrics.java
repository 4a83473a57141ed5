package dev.ep.assignment.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The storefront endpoints' request timer without Micrometer's per-request HTTP server observation (issue 13): a
 * request to exactly {@code /v1/assign}, {@code /v1/coverage} or {@code /v1/events} is left out of the observation
 * ({@link #predicate()}) and timed here instead, into the same meter, {@code http.server.requests}
 * ({@code http_server_requests_seconds_*} in Prometheus, with its histogram and SLO buckets), with the same tags
 * ({@code method}, {@code uri}, {@code status}, {@code outcome}, {@code exception}, {@code error}). Each timer is looked
 * up once and kept in a fixed table (endpoint × the standard methods and "UNKNOWN" × status 100–599 and "UNKNOWN" for
 * a request the client cancelled), so a request builds no tags. Every other path (actuator, explain, a path spelled differently) keeps the
 * observation.
 *
 * <p>Not kept for the storefront paths: {@code http.server.requests.active} (the in-flight long task timer) and the
 * observation's trace context. The first web filter, so the edge guard's refusals are timed too.
 */
public final class StorefrontMetrics implements WebFilter, Ordered {

    static final List<String> PATHS = List.of("/v1/assign", "/v1/coverage", "/v1/events");
    /** The standard methods (Spring's convention names them; any other is "UNKNOWN", as there). */
    private static final List<String> METHODS =
            Arrays.stream(HttpMethod.values()).map(HttpMethod::name).toList();
    private static final int STATUSES = 501; // 100..599, and slot 500 for UNKNOWN

    private final MeterRegistry registry;
    private final int order;
    private final AtomicReferenceArray<Timer> timers =
            new AtomicReferenceArray<>(PATHS.size() * (METHODS.size() + 1) * STATUSES);

    public StorefrontMetrics(MeterRegistry registry, int order) {
        this.registry = registry;
        this.order = order;
    }

    /** Leaves the storefront paths out of the HTTP server observation (they are timed by this filter). */
    public static ObservationPredicate predicate() {
        return StorefrontMetrics::observed;
    }

    static boolean observed(String name, Observation.Context context) {
        return !(context instanceof ServerRequestObservationContext request)
                || endpoint(request.getCarrier().getPath().value()) < 0;
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        int endpoint = endpoint(exchange.getRequest().getPath().value());
        if (endpoint < 0) {
            return chain.filter(exchange);
        }
        long start = System.nanoTime();
        return chain.filter(exchange).doFinally(signal -> timer(endpoint, exchange, signal)
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** Index of a storefront path, or -1. */
    static int endpoint(String path) {
        return PATHS.indexOf(path);
    }

    /**
     * Times a request to a storefront path answered without this filter ({@link StorefrontRoute}).
     *
     * @param status the answer's status; -1 when the client cancelled (tagged "UNKNOWN")
     */
    void record(String path, HttpMethod method, int status, long nanos) {
        int endpoint = endpoint(path);
        if (endpoint < 0) {
            throw new IllegalArgumentException("not a storefront path: " + path);
        }
        timer(endpoint, method, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(int endpoint, ServerWebExchange exchange, SignalType signal) {
        int status;
        if (signal == SignalType.CANCEL) {
            status = -1;
        } else {
            HttpStatusCode code = exchange.getResponse().getStatusCode();
            // an error that passed every handler is answered 500 by the exception handler after this filter
            status = code != null ? code.value() : signal == SignalType.ON_ERROR ? 500 : 200;
        }
        return timer(endpoint, exchange.getRequest().getMethod(), status);
    }

    private Timer timer(int endpoint, HttpMethod method, int status) {
        int m = METHODS.indexOf(method.name());
        int methodSlot = m < 0 ? METHODS.size() : m;
        int statusSlot = status >= 100 && status <= 599 ? status - 100 : STATUSES - 1;
        int slot = (endpoint * (METHODS.size() + 1) + methodSlot) * STATUSES + statusSlot;
        Timer timer = timers.get(slot);
        if (timer == null) {
            timer = register(PATHS.get(endpoint), m < 0 ? "UNKNOWN" : METHODS.get(m),
                    statusSlot == STATUSES - 1 ? -1 : status);
            timers.set(slot, timer);
        }
        return timer;
    }

    /**
     * {@code exception} and {@code error} are always "none": every error on these paths is answered by the problem
     * advice inside the handler, which the observation did not see as an error either.
     */
    private Timer register(String uri, String method, int status) {
        String exception = "none";
        return Timer.builder("http.server.requests")
                .tag("method", method)
                .tag("uri", uri)
                .tag("status", status < 0 ? "UNKNOWN" : Integer.toString(status))
                .tag("outcome", outcome(status))
                .tag("exception", exception)
                .tag("error", exception)
                .register(registry);
    }

    static String outcome(int status) {
        if (status < 100 || status > 599) {
            return "UNKNOWN";
        }
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            default -> "SERVER_ERROR";
        };
    }
}
