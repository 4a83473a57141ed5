package dev.ep.webedge;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The reactive counterpart of {@link RequestGuardFilter} for a WebFlux service: first of the {@link WebFilter}s, on
 * every path, it answers a {@link Refusal} from {@link RequestChecks} (a query string that is not percent-encoded
 * UTF-8, a method no service uses, a wildcard {@code Content-Type}) through the service's {@link RefusalWriter} before
 * anything parses the request, and hides a blank {@code Accept} header. It only looks at the request line and headers
 * already in memory: it never blocks and never reads the body. (WebFlux parses a form body only when a handler asks
 * for it, and no handler of a service using this guard does, so there is no form check here.)
 */
public final class ReactiveRequestGuard implements WebFilter, Ordered {

    private final RefusalWriter writer;
    private final boolean checkPath;
    private final int order;

    /**
     * @param writer    writes the refusal in the service's error shape
     * @param checkPath also refuse a path that is not percent-encoded UTF-8
     * @param order     the filter's place among the service's web filters (first: {@link Ordered#HIGHEST_PRECEDENCE})
     */
    public ReactiveRequestGuard(RefusalWriter writer, boolean checkPath, int order) {
        this.writer = writer;
        this.checkPath = checkPath;
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        Optional<Refusal> refusal = RequestChecks.refusal(request.getMethod().name(), request.getURI().getRawQuery(),
                request.getURI().getRawPath(), request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE), checkPath);
        if (refusal.isPresent()) {
            if (refusal.get().kind() == Refusal.Kind.METHOD_NOT_ALLOWED) {
                exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW, String.join(", ",
                        new TreeSet<>(RequestChecks.METHODS)));
            }
            return writer.write(exchange, refusal.get());
        }
        String accept = request.getHeaders().getFirst(HttpHeaders.ACCEPT);
        if (accept != null && accept.isBlank()) {
            // says nothing, like no header (RFC 9110 §12.5.1); some handlers fail on an empty list of media types
            return chain.filter(exchange.mutate().request(r -> r.headers(h -> h.remove(HttpHeaders.ACCEPT))).build());
        }
        return chain.filter(exchange);
    }

    /**
     * Writes a body of the given type and status, with its {@code Content-Length}; only the status and headers for
     * {@code HEAD}. For writers answering before any handler runs.
     */
    public static Mono<Void> answer(ServerWebExchange exchange, HttpStatusCode status, String contentType,
            String body) {
        ServerHttpResponse response = exchange.getResponse();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().set(HttpHeaders.CONTENT_TYPE, contentType);
        response.getHeaders().setContentLength(bytes.length);
        if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
            return response.setComplete();
        }
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    /** Writes a refusal in the service's error shape (status, content type, body; no body for HEAD). */
    @FunctionalInterface
    public interface RefusalWriter {

        Mono<Void> write(ServerWebExchange exchange, Refusal refusal);
    }
}
