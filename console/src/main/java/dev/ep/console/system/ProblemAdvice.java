package dev.ep.console.system;

import dev.ep.console.proxy.ProxyProblem;
import dev.ep.console.proxy.UpstreamFailure;
import dev.ep.webedge.BodyLimitFilter;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The console's own errors as problem details: an upstream down or slow, a body too large, no such page. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(UpstreamFailure.class)
    ResponseEntity<byte[]> upstream(UpstreamFailure e) {
        LOG.warn("upstream {}: {}", e.upstream().service(), e.getMessage());
        return problem(new ProxyProblem(e.kind().status(), "UPSTREAM_" + e.kind().name(), e.getMessage(),
                e.upstream()));
    }

    @ExceptionHandler(BodyLimitFilter.BodyTooLargeException.class)
    ResponseEntity<byte[]> tooLarge(BodyLimitFilter.BodyTooLargeException e) {
        return problem(new ProxyProblem(413, "PAYLOAD_TOO_LARGE", e.getMessage(), null));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<byte[]> noResource(NoResourceFoundException e) {
        return problem(new ProxyProblem(404, "NOT_FOUND", "no such page", null));
    }

    static ResponseEntity<byte[]> problem(ProxyProblem problem) {
        return ResponseEntity.status(problem.status()).header("Content-Type", "application/problem+json")
                .body(problem.json().getBytes(StandardCharsets.UTF_8));
    }
}
