package dev.ep.assignment.api;

import dev.ep.access.TokenHashes;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Optional storefront API key: when hashes are configured ({@code ep.assignment.api-key-hashes}, SHA-256 hex of each
 * accepted key, so the keys themselves are never stored; access-tokens {@link TokenHashes}), every handler of the
 * service's controllers needs an {@code X-Api-Key} whose hash matches (constant-time comparison); otherwise 401.
 *
 * <p>The decision is taken on the handler the request is routed to, not on the path text: the filter asks the
 * annotated controllers' handler mapping which handler the request reaches, after WebFlux has decoded the path and
 * dropped its {@code ;} parameters ({@code /%761/assign}, {@code /v1;x/assign} both reach the assign handler). Deny by
 * default: every handler of that mapping needs the key except the OpenAPI document (springdoc); a request that reaches
 * no handler there (actuator endpoints, with their own mapping, and the Swagger UI's static resources) is passed on
 * and stays open, as before. With no key configured the filter does nothing. The lookup is in memory and never
 * blocks.
 */
public final class ApiKeyFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Api-Key";

    private final TokenHashes hashes;
    private final HandlerMapping handlers;
    private final int order;

    /**
     * @param handlers the annotated controllers' handler mapping ({@code requestMappingHandlerMapping})
     * @throws IllegalArgumentException when an entry is not a 64-character hex SHA-256 (likely the key itself)
     */
    public ApiKeyFilter(List<String> hexHashes, HandlerMapping handlers, int order) {
        this.hashes = TokenHashes.of("ep.assignment.api-key-hashes", hexHashes);
        this.handlers = handlers;
        this.order = order;
    }

    /** Whether a key is configured at all. */
    public boolean keyRequired() {
        return !hashes.isEmpty();
    }

    /** Whether a request with this {@code X-Api-Key} value ({@code null}: none) passes without a handler lookup. */
    public boolean accepts(String key) {
        return hashes.isEmpty() || hashes.accepts(key);
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (hashes.isEmpty()) {
            return chain.filter(exchange);
        }
        String key = exchange.getRequest().getHeaders().getFirst(HEADER);
        if (hashes.accepts(key)) {
            return chain.filter(exchange);
        }
        return handlers.getHandler(exchange)
                .map(ApiKeyFilter::isOpen)
                // no handler, or a refusal of the mapping itself (405, 415, 406): the dispatcher answers as without
                // the filter, and no handler runs
                .onErrorReturn(true)
                .defaultIfEmpty(true)
                .flatMap(open -> open ? chain.filter(exchange) : RequestEdge.problem(exchange,
                        ErrorCode.API_KEY_REQUIRED,
                        key == null ? "send the storefront's key in " + HEADER : "the " + HEADER + " is not accepted"));
    }

    /** The handlers reachable without a key: the OpenAPI document. */
    static boolean isOpen(Object handler) {
        return handler instanceof HandlerMethod method && method.getBeanType().getName().startsWith("org.springdoc.");
    }
}
