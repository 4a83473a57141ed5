package dev.ep.webedge;

import java.util.function.ToLongFunction;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive counterpart of {@link BodyLimitFilter}: a declared {@code Content-Length} above the request's bound is
 * refused at once ({@link Refusal.Kind#PAYLOAD_TOO_LARGE}, through the service's writer) before anything reads the
 * body; a declared length within it is all the server reads (the request passes unchanged); a body without one
 * (chunked) has its buffers counted as they arrive and the body fails with
 * {@link BodyLimitFilter.BodyTooLargeException} as soon as it passes the bound (chunked or not), so at most the bound
 * plus one buffer is ever held; the service answers that exception with its 413 problem. Counting is arithmetic on
 * buffers already received: it never blocks.
 */
public final class ReactiveBodyLimit implements WebFilter, Ordered {

    private final ToLongFunction<ServerHttpRequest> limitFor;
    private final ReactiveRequestGuard.RefusalWriter declaredTooLarge;
    private final int order;

    /**
     * @param limitFor         the bound of a request's body in bytes (for example by path), positive
     * @param declaredTooLarge writes the refusal of a declared length above the bound
     * @param order            the filter's place among the service's web filters
     */
    public ReactiveBodyLimit(ToLongFunction<ServerHttpRequest> limitFor,
            ReactiveRequestGuard.RefusalWriter declaredTooLarge, int order) {
        this.limitFor = limitFor;
        this.declaredTooLarge = declaredTooLarge;
        this.order = order;
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = limitFor.applyAsLong(request);
        if (limit <= 0) {
            throw new IllegalStateException("the body limit must be positive, got " + limit);
        }
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return declaredTooLarge.write(exchange, new Refusal(Refusal.Kind.PAYLOAD_TOO_LARGE,
                    "the request body of " + declared + " bytes is larger than " + limit + " bytes"));
        }
        if (declared >= 0 && !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            // the server reads exactly the declared length as the body: nothing more can arrive, nothing to count
            return chain.filter(exchange);
        }
        return chain.filter(exchange.mutate().request(new Bounded(request, limit)).build());
    }

    /** The request whose body fails once more than {@code limit} bytes arrived. */
    static final class Bounded extends ServerHttpRequestDecorator {
        private final long limit;

        Bounded(ServerHttpRequest delegate, long limit) {
            super(delegate);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return Flux.defer(() -> {
                long[] read = {0};
                return super.getBody().handle((buffer, sink) -> {
                    read[0] += buffer.readableByteCount();
                    if (read[0] > limit) {
                        DataBufferUtils.release(buffer);
                        sink.error(new BodyLimitFilter.BodyTooLargeException(limit));
                    } else {
                        sink.next(buffer);
                    }
                });
            });
        }
    }
}
