package dev.ep.webedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ReactiveBodyLimitTest {

    private final List<Refusal> refusals = new ArrayList<>();
    private final AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
    private final WebFilterChain chain = exchange -> {
        passed.set(exchange);
        return Mono.empty();
    };
    private final ReactiveBodyLimit limit = new ReactiveBodyLimit(
            request -> request.getURI().getRawPath().startsWith("/big") ? 100 : 10, (exchange, refusal) -> {
                refusals.add(refusal);
                exchange.getResponse().setStatusCode(HttpStatus.valueOf(refusal.status()));
                return exchange.getResponse().setComplete();
            }, 0);

    @Test
    void shouldRefuseADeclaredLengthAboveTheBoundBeforeReadingTheBody() {
        // given
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/small")
                .contentLength(11).body("01234567890"));

        // when
        limit.filter(exchange, chain).block();

        // then
        assertThat(passed.get()).isNull();
        assertThat(refusals).extracting(Refusal::kind).containsExactly(Refusal.Kind.PAYLOAD_TOO_LARGE);
        assertThat(refusals.get(0).detail()).contains("11 bytes", "10 bytes");
    }

    @Test
    void shouldFailTheBodyOnceMoreThanTheBoundArrivedWithoutADeclaredLength() {
        // given: 3 chunks of 4 bytes, no Content-Length (chunked)
        DefaultDataBufferFactory buffers = DefaultDataBufferFactory.sharedInstance;
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/small")
                .body(Flux.just("0123", "4567", "89ab").map(s -> buffers.wrap(s.getBytes(StandardCharsets.UTF_8)))));

        // when
        limit.filter(exchange, chain).block();

        // then
        assertThat(refusals).isEmpty();
        assertThatThrownBy(() -> DataBufferUtils.join(passed.get().getRequest().getBody()).block())
                .hasCauseInstanceOf(BodyLimitFilter.BodyTooLargeException.class);
    }

    @Test
    void shouldPassABodyWithinTheBoundOfItsPathUnchanged() {
        // given
        String body = "x".repeat(100);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/big").body(body));

        // when
        limit.filter(exchange, chain).block();

        // then
        String read = DataBufferUtils.join(passed.get().getRequest().getBody())
                .map(b -> b.toString(StandardCharsets.UTF_8)).block();
        assertThat(read).isEqualTo(body);
    }
}
