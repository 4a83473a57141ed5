package dev.ep.webedge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

class ReactiveRequestGuardTest {

    private final List<Refusal> refusals = new ArrayList<>();
    private final AtomicReference<ServerWebExchange> passed = new AtomicReference<>();
    private final WebFilterChain chain = exchange -> {
        passed.set(exchange);
        return Mono.empty();
    };
    private final ReactiveRequestGuard guard = new ReactiveRequestGuard((exchange, refusal) -> {
        refusals.add(refusal);
        return ReactiveRequestGuard.answer(exchange, HttpStatus.valueOf(refusal.status()), "application/problem+json",
                "{\"detail\":\"" + refusal.detail() + "\"}");
    }, false, 0);

    @Test
    void shouldRefuseAnUndecodableQueryStringBeforeAnythingReadsIt() {
        // given
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.method(HttpMethod.GET, URI.create("/v1/assign?sessionId=%ED%A0%80")));

        // when
        guard.filter(exchange, chain).block();

        // then
        assertThat(passed.get()).isNull();
        assertThat(refusals).extracting(Refusal::kind).containsExactly(Refusal.Kind.MALFORMED_QUERY);
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("malformed query string");
    }

    @Test
    void shouldRefuseAMethodNoServiceUsesWithTheAllowedOnes() {
        // given
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.method(HttpMethod.valueOf("CONNECT"), "/v1/assign"));

        // when
        guard.filter(exchange, chain).block();

        // then
        assertThat(passed.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW))
                .isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    }

    @Test
    void shouldRefuseAWildcardContentTypeAndAnswerHeadWithoutABody() {
        // given
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.head("/v1/assign")
                .header(HttpHeaders.CONTENT_TYPE, "application/*"));

        // when
        guard.filter(exchange, chain).block();

        // then
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(exchange.getResponse().getHeaders().getContentLength()).isPositive();
        assertThat(exchange.getResponse().getBodyAsString().block()).isNullOrEmpty();
    }

    @Test
    void shouldPassAWellFormedRequestAndHideABlankAccept() {
        // given
        MockServerWebExchange plain = MockServerWebExchange.from(MockServerHttpRequest.get("/v1/assign?sessionId=s-1"));
        MockServerWebExchange blank = MockServerWebExchange.from(MockServerHttpRequest.get("/actuator/prometheus")
                .header(HttpHeaders.ACCEPT, " "));

        // when
        guard.filter(plain, chain).block();
        ServerWebExchange plainPassed = passed.get();
        guard.filter(blank, chain).block();

        // then
        assertThat(refusals).isEmpty();
        assertThat(plainPassed).isSameAs(plain);
        assertThat(passed.get().getRequest().getHeaders().containsHeader(HttpHeaders.ACCEPT)).isFalse();
    }
}
