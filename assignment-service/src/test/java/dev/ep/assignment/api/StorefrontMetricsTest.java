package dev.ep.assignment.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

class StorefrontMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StorefrontMetrics metrics = new StorefrontMetrics(registry, 0);

    @Test
    void shouldTimeStorefrontRequestsIntoHttpServerRequestsWithTheObservationsTags() {
        serve(MockServerWebExchange.from(MockServerHttpRequest.post("/v1/assign")), HttpStatus.OK);
        serve(MockServerWebExchange.from(MockServerHttpRequest.post("/v1/assign")), HttpStatus.OK);
        serve(MockServerWebExchange.from(MockServerHttpRequest.get("/v1/assign")), HttpStatus.BAD_REQUEST);
        serve(MockServerWebExchange.from(MockServerHttpRequest.post("/v1/events")), HttpStatus.PAYLOAD_TOO_LARGE);

        Timer ok = registry.get("http.server.requests").tags("method", "POST", "uri", "/v1/assign", "status", "200",
                "outcome", "SUCCESS", "exception", "none", "error", "none").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(registry.get("http.server.requests").tags("method", "GET", "uri", "/v1/assign", "status", "400",
                "outcome", "CLIENT_ERROR").timer().count()).isEqualTo(1);
        assertThat(registry.get("http.server.requests").tags("uri", "/v1/events", "status", "413").timer().count())
                .isEqualTo(1);
    }

    @Test
    void shouldLeaveOtherPathsToTheObservationAndNotTimeThem() {
        serve(MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/health")), HttpStatus.OK);
        serve(MockServerWebExchange.from(MockServerHttpRequest.post("/v1;x/assign")), HttpStatus.OK);
        assertThat(registry.find("http.server.requests").timers()).isEmpty();

        assertThat(StorefrontMetrics.observed("http.server.requests", context("/actuator/prometheus"))).isTrue();
        assertThat(StorefrontMetrics.observed("http.server.requests", context("/v1/explain"))).isTrue();
        assertThat(StorefrontMetrics.observed("http.server.requests", new Observation.Context())).isTrue();
        for (String path : StorefrontMetrics.PATHS) {
            assertThat(StorefrontMetrics.observed("http.server.requests", context(path))).isFalse();
        }
    }

    @Test
    void shouldCountAnUnknownMethodAndACancelledRequestWithoutNewTagValuesPerRequest() {
        serve(MockServerWebExchange.from(MockServerHttpRequest.method(org.springframework.http.HttpMethod.valueOf("FOO"), "/v1/coverage")),
                HttpStatus.METHOD_NOT_ALLOWED);
        serve(MockServerWebExchange.from(MockServerHttpRequest.method(org.springframework.http.HttpMethod.valueOf("BAR"), "/v1/coverage")),
                HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(registry.get("http.server.requests").tags("method", "UNKNOWN", "status", "405").timer().count())
                .isEqualTo(2);

        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/v1/assign"));
        metrics.filter(exchange, e -> Mono.never()).subscribe().dispose();
        assertThat(registry.get("http.server.requests").tags("status", "UNKNOWN", "outcome", "UNKNOWN").timer()
                .count()).isEqualTo(1);
    }

    private void serve(ServerWebExchange exchange, HttpStatus status) {
        metrics.filter(exchange, e -> Mono.fromRunnable(() -> e.getResponse().setStatusCode(status))).block();
    }

    private static ServerRequestObservationContext context(String path) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        return new ServerRequestObservationContext(exchange.getRequest(), exchange.getResponse(),
                exchange.getAttributes());
    }
}
