package dev.ep.ingest.system;

import dev.ep.webedge.UpstreamFaults;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.UnsatisfiedServletRequestParameterException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one translation of errors into RFC 9457 problem details: {@code type} is
 * {@code https://ep.dev/problems/<code>} (the {@link ErrorCode} in kebab case), {@code title} the code's words,
 * {@code detail} what to fix, and a {@code code} member with the enum name. Always JSON
 * ({@code application/problem+json}), also for a request that asked for HTML.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

    static final String TYPE_BASE = "https://ep.dev/problems/";
    /** The challenge of a 401: a bearer token (or, not expressible as a scheme here, the X-Api-Key header). */
    static final String WWW_AUTHENTICATE = "Bearer realm=\"event-ingest\"";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        return problem(e.code(), e.getMessage(), request);
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ProblemDetail> notFound(Exception e, HttpServletRequest request) {
        return problem(ErrorCode.NOT_FOUND, "No endpoint " + request.getRequestURI(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(ErrorCode.NOT_ACCEPTABLE, "Available: application/json, text/html", request);
    }

    /**
     * The only parameter condition is the HTML mapping's {@code format=html}; Spring reports this when no mapping fits,
     * i.e. when neither {@code Accept} nor {@code format} asks for something the endpoint produces.
     */
    @ExceptionHandler(UnsatisfiedServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> noRepresentation(UnsatisfiedServletRequestParameterException e,
                                                   HttpServletRequest request) {
        return problem(ErrorCode.NOT_ACCEPTABLE, "Available: application/json, text/html (or ?format=html)", request);
    }

    /** The problem body of an error code; {@code instance} is the request path when it is a valid URI reference. */
    static ProblemDetail problemDetail(ErrorCode code, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        String kebab = code.name().toLowerCase(Locale.ROOT).replace('_', '-');
        problem.setType(URI.create(TYPE_BASE + kebab));
        problem.setTitle(Character.toUpperCase(kebab.charAt(0)) + kebab.substring(1).replace('-', ' '));
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException e) {
            // a request URI that is no URI reference: leave instance out rather than fail
        }
        problem.setProperty("code", code.name());
        return problem;
    }

    /**
     * A body no endpoint here reads, yet one Spring MVC tried to parse (the actuator's operations accept an optional
     * JSON body): malformed JSON, an unreadable or cut-off stream. The client's mistake.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return problem(ErrorCode.BAD_REQUEST, "the request body could not be read", request);
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class})
    ResponseEntity<ProblemDetail> storeDown(RuntimeException e, HttpServletRequest request) {
        LOG.warn("{} {}: PostgreSQL unavailable: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return problem(ErrorCode.STORE_UNAVAILABLE, "PostgreSQL is unavailable, try again shortly", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse spring && spring.getStatusCode().is4xxClientError()) {
            // Any other request Spring MVC itself refuses (a header it cannot read...): the client's mistake, not a 500.
            return problem(ErrorCode.BAD_REQUEST, String.valueOf(spring.getBody().getDetail()), request);
        }
        if (UpstreamFaults.isUnknownHealthPath(e)) {
            return problem(ErrorCode.NOT_FOUND, "no such health contributor", request);
        }
        LOG.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return problem(ErrorCode.INTERNAL, "Unexpected error", request);
    }

    private static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, HttpServletRequest request) {
        ProblemDetail problem = problemDetail(code, detail, request);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(code.httpStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (code == ErrorCode.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, WWW_AUTHENTICATE);
        }
        return response.body(problem);
    }
}
