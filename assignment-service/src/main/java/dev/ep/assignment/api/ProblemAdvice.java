package dev.ep.assignment.api;

import dev.ep.webedge.BodyLimitFilter;
import dev.ep.webedge.UpstreamFaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place HTTP errors become problem details. A client mistake is a specific 4xx; only bugs are 500s. The same
 * codes, titles and details as the Spring MVC version answered (WebFlux's exceptions mapped to them one by one).
 */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e, ServerWebExchange exchange) {
        return respond(problemOf(e), exchange);
    }

    private static ProblemDetail problemOf(ApiException e) {
        ProblemDetail problem = Problems.of(e.code(), e.getMessage(), e.errors());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    /** The problem answering {@code e} raised while serving {@code path}, as the handlers above answer it. */
    static ProblemDetail problem(Throwable e, String path) {
        return e instanceof ApiException api ? problemOf(api) : problemFor(e, path);
    }

    /** Every other exception a handler, the handler mapping or the body decoding raised. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> other(Exception e, ServerWebExchange exchange) {
        return respond(problemFor(e, exchange), exchange);
    }

    /** The problem answering {@code e}; also used for what fails outside any handler ({@link ProblemExceptionHandler}). */
    static ProblemDetail problemFor(Throwable e, ServerWebExchange exchange) {
        return problemFor(e, exchange.getRequest().getPath().value());
    }

    private static ProblemDetail problemFor(Throwable e, String path) {
        if (e instanceof MethodNotAllowedException m) {
            return Problems.of(ErrorCode.METHOD_NOT_ALLOWED, "Request method '" + m.getHttpMethod()
                    + "' is not supported", List.of());
        }
        if (e instanceof UnsupportedMediaTypeStatusException) {
            return Problems.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json", List.of());
        }
        if (e instanceof NotAcceptableStatusException) {
            return Problems.of(ErrorCode.NOT_ACCEPTABLE, "this service answers application/json", List.of());
        }
        if (e instanceof NoResourceFoundException) {
            return Problems.of(ErrorCode.NOT_FOUND, "no resource " + path, List.of());
        }
        if (e instanceof MissingRequestValueException missing) {
            return Problems.of(ErrorCode.MISSING_FIELD, "query parameter '" + missing.getName() + "' is required",
                    List.of());
        }
        ProblemDetail tooLarge = tooLarge(e);
        if (tooLarge != null) {
            return tooLarge;
        }
        if (e instanceof ServerWebInputException input) {
            return unreadable(input);
        }
        if (e instanceof ResponseStatusException status) {
            // any other WebFlux refusal: keep its status, give it our shape
            HttpStatusCode code = status.getStatusCode();
            ErrorCode shape = code.value() == 404 ? ErrorCode.NOT_FOUND
                    : code.is5xxServerError() ? ErrorCode.INTERNAL : ErrorCode.MALFORMED_JSON;
            ProblemDetail problem = Problems.of(shape, status.getReason() == null ? shape.title() : status.getReason(),
                    List.of());
            problem.setStatus(code.value());
            return problem;
        }
        if (UpstreamFaults.isUnknownHealthPath(e)) {
            return Problems.of(ErrorCode.NOT_FOUND, "no such health contributor", List.of());
        }
        LOG.error("Unexpected error", e);
        return Problems.of(ErrorCode.INTERNAL, "unexpected error; see the service log", List.of());
    }

    /** A body over the bound, found while it was read (the declared length is refused before, by the edge). */
    private static ProblemDetail tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException bound) {
                return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, bound.getMessage(), List.of());
            }
            if (t instanceof DataBufferLimitException) {
                return Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large", List.of());
            }
        }
        return null;
    }

    /** A body (or parameter) that could not be read: the Jackson error names what, as Spring MVC's did. */
    private static ProblemDetail unreadable(ServerWebInputException e) {
        JacksonException cause = null;
        for (Throwable t = e; t != null && cause == null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                cause = j;
            }
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return Problems.of(ErrorCode.UNKNOWN_FIELD, "unknown field '" + u.getPropertyName() + "' at " + path(u)
                    + "; known fields: " + u.getKnownPropertyIds(), List.of());
        }
        if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
            return Problems.of(ErrorCode.WRONG_TYPE, "wrong type at " + path(cause) + ": "
                    + cause.getOriginalMessage(), List.of());
        }
        if (cause != null) {
            return Problems.of(ErrorCode.MALFORMED_JSON, "malformed JSON: " + cause.getOriginalMessage(), List.of());
        }
        if (e.getCause() instanceof TypeMismatchException mismatch) {
            String name = e.getMethodParameter() == null ? mismatch.getPropertyName()
                    : e.getMethodParameter().getParameterName();
            return Problems.of(ErrorCode.WRONG_TYPE, "parameter '" + name + "' has the wrong type", List.of());
        }
        return Problems.of(ErrorCode.MALFORMED_JSON, "request body missing or unreadable", List.of());
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]")
                .reduce("", String::concat);
        return path.isEmpty() ? "$" : "$" + path;
    }

    private static ResponseEntity<Map<String, Object>> respond(ProblemDetail problem, ServerWebExchange exchange) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(view(problem, exchange));
    }

    /**
     * The problem as the JSON object Spring MVC wrote: {@code type}, {@code title}, {@code status}, {@code detail},
     * {@code instance} (the request's path), then the extensions ({@code code}, {@code errors}, ...).
     */
    static Map<String, Object> view(ProblemDetail problem, ServerWebExchange exchange) {
        return view(problem, exchange.getRequest().getPath().value());
    }

    /** {@link #view(ProblemDetail, ServerWebExchange)} of a request to {@code path}. */
    static Map<String, Object> view(ProblemDetail problem, String path) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        body.put("instance", path);
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}
