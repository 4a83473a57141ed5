package dev.ep.assignment.api;

import dev.ep.webedge.NettyRequestGuard;
import dev.ep.webedge.ReactiveBodyLimit;
import java.util.function.UnaryOperator;
import reactor.netty.http.server.HttpServer;
import dev.ep.webedge.ReactiveRequestGuard;
import dev.ep.webedge.Refusal;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The shared web-edge guard and body bound (reactive), answering in this service's problem details ({@link ErrorCode}). */
public final class RequestEdge {

    private RequestEdge() {
    }

    /** Refusals of {@link dev.ep.webedge.RequestChecks} as this service's problems; the first web filter. */
    public static ReactiveRequestGuard guard(int order) {
        return new ReactiveRequestGuard(RequestEdge::refuse, false, order);
    }

    /**
     * The shared body bound: {@code /v1/events} allows {@code eventsLimit} (1 MB), the other endpoints
     * {@code defaultLimit} (64 KB); a declared length above it is refused before the body is read, a longer body
     * while it is read ({@link dev.ep.webedge.BodyLimitFilter.BodyTooLargeException}, a 413 through
     * {@link ProblemAdvice}).
     */
    public static ReactiveBodyLimit bodyLimit(long eventsLimit, long defaultLimit, int order) {
        return new ReactiveBodyLimit(
                request -> request.getURI().getRawPath().startsWith("/v1/events") ? eventsLimit : defaultLimit,
                RequestEdge::refuse, order);
    }

    /** The Netty-level refusal of an undecodable query string, as this service's 400 {@code MALFORMED_QUERY}. */
    public static UnaryOperator<HttpServer> nettyRequestGuard() {
        return NettyRequestGuard.of(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                refusal -> Problems.json(ErrorCode.MALFORMED_QUERY, refusal.detail()));
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, Refusal refusal) {
        ErrorCode code = switch (refusal.kind()) {
            case MALFORMED_QUERY, MALFORMED_PATH -> ErrorCode.MALFORMED_QUERY;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
            case WILDCARD_CONTENT_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case PAYLOAD_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
        };
        return problem(exchange, code, refusal.detail());
    }

    /** A problem detail written directly (before, or instead of, any handler). */
    static Mono<Void> problem(ServerWebExchange exchange, ErrorCode code, String detail) {
        return ReactiveRequestGuard.answer(exchange, code.status(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                Problems.json(code, detail));
    }
}
