package dev.ep.config.system;

import dev.ep.webedge.BodyLimitFilter;

import dev.ep.webedge.UpstreamFaults;
import java.net.URI;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.ep.config.api.targeting.RuleTextException;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.targeting.TargetingException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one translation of errors into RFC 9457 problem details: {@code type} is
 * {@code https://ep.dev/problems/<code>} (the {@link ErrorCode} or {@link ApiError} in kebab case), {@code title}
 * the code's words, {@code detail} what to fix, plus a {@code code} member with the enum name.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's generic problem-details handler of the MVC exceptions
class ProblemAdvice {

    static final String TYPE_BASE = "https://ep.dev/problems/";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ConfigException.class)
    ResponseEntity<ProblemDetail> config(ConfigException e, HttpServletRequest request) {
        return problem(e.code().name(), e.code().httpStatus(), e.getMessage(), request);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = problem(e.error().name(), e.error().httpStatus(), e.getMessage(),
                request);
        if (e.error() == ApiError.UNAUTHENTICATED) {
            return ResponseEntity.status(response.getStatusCode()).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .body(response.getBody());
        }
        return response;
    }

    /** A refused targeting rule; {@code field} is the path of the offending node ({@code targeting.rule.all[2].gt}). */
    @ExceptionHandler(TargetingException.class)
    ResponseEntity<ProblemDetail> targeting(TargetingException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = problem(ErrorCode.INVALID_TARGETING.name(),
                ErrorCode.INVALID_TARGETING.httpStatus(), e.getMessage(), request);
        response.getBody().setProperty("field", e.path());
        return response;
    }

    /** A rule given as text that is not JSON: also where in the text ({@code line}, {@code column}, 1-based). */
    @ExceptionHandler(RuleTextException.class)
    ResponseEntity<ProblemDetail> ruleText(RuleTextException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> response = problem(ErrorCode.INVALID_TARGETING.name(),
                ErrorCode.INVALID_TARGETING.httpStatus(), e.getMessage(), request);
        response.getBody().setProperty("field", e.path());
        response.getBody().setProperty("line", e.line());
        response.getBody().setProperty("column", e.column());
        return response;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException tooLarge) {
                return api(new ApiException(ApiError.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), request);
            }
            if (t instanceof UnrecognizedPropertyException u) {
                String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                        .map(Object::toString).sorted().collect(Collectors.joining(", "));
                return api(new ApiException(ApiError.UNKNOWN_FIELD, path(u) + ": unknown field"
                        + (known.isEmpty() ? "" : " (known fields: " + known + ")")), request);
            }
            if (t instanceof ConfigException c) {
                return config(c, request);
            }
            if (t instanceof MismatchedInputException m && m.getOriginalMessage() != null
                    && m.getOriginalMessage().startsWith("Trailing token")) {
                return api(new ApiException(ApiError.MALFORMED_JSON, "malformed JSON: content after the JSON value"),
                        request);
            }
            if (t instanceof MismatchedInputException m) {
                String type = m.getTargetType() == null ? "value" : simpleType(m.getTargetType());
                String where = path(m);
                return api(new ApiException(ApiError.WRONG_TYPE, (where.isEmpty() ? "body" : where)
                        + ": wrong type, expected " + type), request);
            }
            if (t instanceof StreamReadException s) {
                return api(new ApiException(ApiError.MALFORMED_JSON, "malformed JSON: " + s.getOriginalMessage()),
                        request);
            }
        }
        String detail = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "a JSON request body is required" : "the request body cannot be read as JSON";
        return api(new ApiException(ApiError.MALFORMED_JSON, detail), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> parameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return api(new ApiException(ApiError.INVALID_PARAMETER, e.getName() + ": '" + e.getValue()
                + "' is not a valid value"), request);
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MissingRequestHeaderException.class})
    ResponseEntity<ProblemDetail> missing(Exception e, HttpServletRequest request) {
        return api(new ApiException(ApiError.INVALID_PARAMETER, e.getMessage()), request);
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ProblemDetail> notFound(Exception e, HttpServletRequest request) {
        return api(new ApiException(ApiError.NOT_FOUND, "no resource at " + request.getRequestURI()), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return api(new ApiException(ApiError.METHOD_NOT_ALLOWED, request.getMethod() + " is not supported here"
                + (e.getSupportedMethods() == null ? "" : " (supported: " + String.join(", ", e.getSupportedMethods())
                        + ")")), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return api(new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json (got "
                + e.getContentType() + ")"), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> acceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return api(new ApiException(ApiError.NOT_ACCEPTABLE, "responses are application/json"), request);
    }

    /** The container could not parse the parameters (encoding, a container limit): the client's mistake. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> parameters(InvalidParameterException e, HttpServletRequest request) {
        return api(new ApiException(ApiError.INVALID_PARAMETER, "the query parameters could not be read: "
                + "malformed percent-encoding, not UTF-8, or too many"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (UpstreamFaults.isUnknownHealthPath(e)) {
            return api(new ApiException(ApiError.NOT_FOUND, "no such health contributor"), request);
        }
        LOG.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return api(new ApiException(ApiError.INTERNAL_ERROR, "an unexpected error occurred; nothing was changed"),
                request);
    }

    private static ResponseEntity<ProblemDetail> problem(String code, int status, String detail,
            HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        p.setType(URI.create(TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        p.setTitle(title(code));
        try {
            p.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException e) {
            // a request URI that is no valid URI reference: the problem goes without an instance
        }
        p.setProperty("code", code);
        return ResponseEntity.status(status).body(p);
    }

    private static String title(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The JSON path of the failing member: {@code treatments[1].weight}. */
    private static String path(JacksonException e) {
        StringBuilder b = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!b.isEmpty()) {
                    b.append('.');
                }
                b.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String simpleType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a " + type.getSimpleName();
    }
}
