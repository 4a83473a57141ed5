package dev.ep.assignment.api;

import dev.ep.webedge.BodyLimitFilter;
import dev.ep.webedge.UpstreamFaults;
import java.util.List;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** The one place HTTP errors become problem details. A client mistake is a specific 4xx; only bugs are 500s. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ResponseEntity<ProblemDetail> response = respond(e.code(), e.getMessage(), e.errors());
        e.properties().forEach(response.getBody()::setProperty);
        return response;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (UpstreamFaults.isUnknownHealthPath(e)) {
            return respond(ErrorCode.NOT_FOUND, "no such health contributor", List.of());
        }
        LOG.error("Unexpected error", e);
        return respond(ErrorCode.INTERNAL, "unexpected error; see the service log", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException tooLarge) {
                return generic(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
            }
            if (cause == null && t instanceof JacksonException) {
                cause = t;
            }
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return generic(ErrorCode.UNKNOWN_FIELD, "unknown field '" + u.getPropertyName() + "' at "
                    + path(u) + "; known fields: " + u.getKnownPropertyIds());
        }
        if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
            JacksonException j = (JacksonException) cause;
            return generic(ErrorCode.WRONG_TYPE, "wrong type at " + path(j) + ": " + j.getOriginalMessage());
        }
        if (cause instanceof JacksonException j) {
            return generic(ErrorCode.MALFORMED_JSON, "malformed JSON: " + j.getOriginalMessage());
        }
        return generic(ErrorCode.MALFORMED_JSON, "request body missing or unreadable");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return generic(ErrorCode.MISSING_FIELD, "query parameter '" + e.getParameterName() + "' is required");
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return generic(ErrorCode.METHOD_NOT_ALLOWED, e.getMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return generic(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json");
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return generic(ErrorCode.NOT_ACCEPTABLE, "this service answers application/json");
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return generic(ErrorCode.NOT_FOUND, "no resource " + e.getResourcePath());
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return generic(ErrorCode.NOT_FOUND, "no resource " + e.getRequestURL());
    }

    /** A query string Tomcat cannot decode ({@code ?sessionId=%ZZ}): the client's mistake, not a 500. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> malformedQuery(InvalidParameterException e) {
        return respond(ErrorCode.MALFORMED_QUERY, "the query string is not valid percent-encoded UTF-8", List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return respond(ErrorCode.WRONG_TYPE, "parameter '" + e.getName() + "' has the wrong type", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        // any other Spring MVC exception: keep its status, give it our shape
        ErrorCode code = status.is5xxServerError() ? ErrorCode.INTERNAL : ErrorCode.MALFORMED_JSON;
        if (status.value() == 404) {
            code = ErrorCode.NOT_FOUND;
        }
        ProblemDetail problem = Problems.of(code, e.getMessage() == null ? code.title() : e.getMessage(), List.of());
        problem.setStatus(status.value());
        return ResponseEntity.status(status).headers(headers).body(problem);
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream()
                .map(r -> r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]")
                .reduce("", String::concat);
        return path.isEmpty() ? "$" : "$" + path;
    }

    private static ResponseEntity<Object> generic(ErrorCode code, String detail) {
        return ResponseEntity.status(code.status()).body(Problems.of(code, detail, List.of()));
    }

    private static ResponseEntity<ProblemDetail> respond(ErrorCode code, String detail,
            List<ApiException.FieldError> errors) {
        return ResponseEntity.status(code.status()).body(Problems.of(code, detail, errors));
    }
}
