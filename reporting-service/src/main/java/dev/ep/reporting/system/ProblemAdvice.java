package dev.ep.reporting.system;

import dev.ep.webedge.BodyLimitFilter;

import dev.ep.stats.analysis.InvalidAnalysisRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.stream.Collectors;
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
import tools.jackson.databind.exc.ValueInstantiationException;

/**
 * The one translation of errors into RFC 9457 problem details: {@code type} is
 * {@code https://ep.dev/problems/<code>}, {@code title} the code's words, {@code detail} what to fix, plus
 * {@code code} (the {@link ErrorCode} name) and, when known, {@code field} (the JSON path of the offending member).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's generic problem-details handler of the MVC exceptions
class ProblemAdvice {

    static final String TYPE_BASE = "https://ep.dev/problems/";
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ProblemDetail problem = problem(e.code(), e.field(), e.getMessage(), request);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.code().httpStatus());
        if (e.code() == ErrorCode.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(problem);
    }

    @ExceptionHandler(InvalidAnalysisRequest.class)
    ResponseEntity<ProblemDetail> invalid(InvalidAnalysisRequest e, HttpServletRequest request) {
        return api(new ApiException(ErrorCode.INVALID_REQUEST, e.field(), e.field() + ": " + e.getMessage()), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException tooLarge) {
                return api(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage()), request);
            }
            if (t instanceof UnrecognizedPropertyException u) {
                String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                        .map(Object::toString).sorted().collect(Collectors.joining(", "));
                return api(new ApiException(ErrorCode.UNKNOWN_FIELD, path(u), path(u) + ": unknown field"
                        + (known.isEmpty() ? "" : " (known fields: " + known + ")")), request);
            }
            if (t instanceof ValueInstantiationException v) {
                // a record's compact constructor refused the value (a required member missing, a null element)
                String cause = v.getCause() == null || v.getCause().getMessage() == null ? "invalid value"
                        : v.getCause().getMessage();
                String where = path(v);
                return api(new ApiException(ErrorCode.INVALID_REQUEST, where, (where.isEmpty() ? "body" : where)
                        + ": missing or null where a value is required (" + cause + ")"), request);
            }
            if (t instanceof MismatchedInputException m && m.getOriginalMessage() != null
                    && m.getOriginalMessage().startsWith("Trailing token")) {
                return api(new ApiException(ErrorCode.MALFORMED_JSON, "malformed JSON: content after the JSON value"),
                        request);
            }
            if (t instanceof MismatchedInputException m) {
                String type = m.getTargetType() == null ? "value" : simpleType(m.getTargetType());
                String where = path(m);
                return api(new ApiException(ErrorCode.WRONG_TYPE, where, (where.isEmpty() ? "body" : where)
                        + ": wrong type, expected " + type), request);
            }
            if (t instanceof StreamReadException s) {
                return api(new ApiException(ErrorCode.MALFORMED_JSON, "malformed JSON: " + s.getOriginalMessage()),
                        request);
            }
        }
        String detail = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
                ? "a JSON request body is required" : "the request body cannot be read as JSON";
        return api(new ApiException(ErrorCode.MALFORMED_JSON, detail), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> parameter(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return api(new ApiException(ErrorCode.INVALID_PARAMETER, e.getName(), e.getName() + ": '" + e.getValue()
                + "' is not a valid value"), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return api(new ApiException(ErrorCode.INVALID_PARAMETER, e.getParameterName(), e.getMessage()), request);
    }

    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    ResponseEntity<ProblemDetail> notFound(Exception e, HttpServletRequest request) {
        return api(new ApiException(ErrorCode.NOT_FOUND, "no resource at " + request.getRequestURI()), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return api(new ApiException(ErrorCode.METHOD_NOT_ALLOWED, request.getMethod() + " is not supported here"
                + (e.getSupportedMethods() == null ? "" : " (supported: " + String.join(", ", e.getSupportedMethods())
                        + ")")), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return api(new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json (got "
                + e.getContentType() + ")"), request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> acceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return api(new ApiException(ErrorCode.NOT_ACCEPTABLE, "responses are application/json"), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return api(new ApiException(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred"), request);
    }

    private static ProblemDetail problem(ErrorCode code, String field, String detail, HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(code.httpStatus()), detail);
        p.setType(URI.create(TYPE_BASE + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        String words = code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        p.setTitle(Character.toUpperCase(words.charAt(0)) + words.substring(1));
        try {
            p.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException e) {
            // a request URI that is no valid URI reference: the problem goes without an instance
        }
        p.setProperty("code", code.name());
        if (field != null && !field.isEmpty()) {
            p.setProperty("field", field);
        }
        return p;
    }

    /** The JSON path of the failing member: {@code metrics[0].arms[1].n}. */
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
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
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
