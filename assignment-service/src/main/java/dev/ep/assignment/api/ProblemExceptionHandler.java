package dev.ep.assignment.api;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What fails outside every handler (in a web filter, or before the dispatcher) is answered as the same problem
 * details as {@link ProblemAdvice}, ahead of Spring Boot's own error handler (order -1), whose body has another
 * shape. A response already committed is left as it is (the connection is closed by the server).
 */
@Component
@Order(-2)
final class ProblemExceptionHandler implements WebExceptionHandler {

    private final JsonMapper json;

    ProblemExceptionHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable e) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(e);
        }
        ProblemDetail problem = ProblemAdvice.problemFor(e, exchange);
        exchange.getResponse().getHeaders().clear();
        String body = json.writeValueAsString(ProblemAdvice.view(problem, exchange));
        return dev.ep.webedge.ReactiveRequestGuard.answer(exchange,
                org.springframework.http.HttpStatusCode.valueOf(problem.getStatus()),
                MediaType.APPLICATION_PROBLEM_JSON_VALUE, body);
    }
}
