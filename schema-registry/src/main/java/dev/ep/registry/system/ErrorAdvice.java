package dev.ep.registry.system;

import dev.ep.webedge.BodyLimitFilter;
import dev.ep.webedge.UpstreamFaults;
import dev.ep.registry.core.ErrorCode;
import dev.ep.registry.core.RegistryException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/** Turns every failure into Confluent's {@code {"error_code", "message"}} body. Client mistakes are never 500s. */
@RestControllerAdvice
class ErrorAdvice {

    private static final Logger log = LoggerFactory.getLogger(ErrorAdvice.class);

    /** The challenge a 401 carries, so that clients offer their basic-auth credentials. */
    static final String CHALLENGE = "Basic realm=\"schema-registry\", charset=\"UTF-8\"";

    @ExceptionHandler(RegistryException.class)
    ResponseEntity<ErrorBody> registry(RegistryException e) {
        if (e.code() == ErrorCode.UNAUTHORIZED) {
            return ResponseEntity.status(e.code().httpStatus()).contentType(ConfluentMediaTypes.V1_JSON_TYPE)
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                    .body(new ErrorBody(e.code().confluentCode(), e.getMessage()));
        }
        return body(e.code(), e.getMessage());
    }

    /**
     * A body over the size limit is a 413; unparseable JSON (or JSON nested or sized beyond the parser's limits) a
     * 400; JSON of the wrong shape (schema as a number, ...) a 422, as Confluent answers.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.BodyTooLargeException tooLarge) {
                return body(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge(tooLarge.limit()));
            }
        }
        if (e.getCause() == null) {
            return body(ErrorCode.BAD_REQUEST, "Request body is missing");
        }
        if (e.getCause() instanceof StreamReadException || e.getCause() instanceof StreamConstraintsException) {
            return body(ErrorCode.BAD_REQUEST, "Request body is not valid JSON: " + firstLine(cause.getMessage()));
        }
        return body(ErrorCode.UNPROCESSABLE_REQUEST, "Request body has the wrong shape: " + firstLine(cause.getMessage()));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ErrorBody> noRoute(Exception e) {
        return body(ErrorCode.ROUTE_NOT_FOUND, "HTTP 404 Not Found");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return body(ErrorCode.METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return body(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "HTTP 415 Unsupported Media Type"
                + (e.getContentType() == null ? " (unparseable Content-Type)" : ": " + e.getContentType()));
    }

    /**
     * Tomcat's refusal of a query string, should one get past the checks of the same rules in the edge guard
     * (web-edge {@code RequestGuardFilter}): a client mistake, not a failure of the registry.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ErrorBody> invalidParameter(InvalidParameterException e) {
        return body(ErrorCode.BAD_REQUEST, "Malformed query string: " + firstLine(e.getMessage()));
    }

    /** A query parameter or path variable that does not convert ({@code ?deleted=abc}) is the client's mistake. */
    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<ErrorBody> typeMismatch(TypeMismatchException e) {
        String name = e instanceof MethodArgumentTypeMismatchException argument ? argument.getName()
                : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return body(ErrorCode.BAD_REQUEST, "Invalid value '" + e.getValue() + "' for parameter '" + name
                + "': expected " + (Boolean.class.equals(e.getRequiredType()) || boolean.class.equals(e.getRequiredType())
                ? "true or false" : expected));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return body(ErrorCode.NOT_ACCEPTABLE, "HTTP 406 Not Acceptable");
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ErrorBody> store(DataAccessException e) {
        log.error("Backend data store failure", e);
        return body(ErrorCode.STORE_ERROR, "Error in the backend data store");
    }

    /** Any other Spring MVC client error (missing or mistyped parameter, ...) keeps its 4xx status. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            int status = response.getStatusCode().value();
            String detail = response.getBody().getDetail();
            return ResponseEntity.status(status).contentType(ConfluentMediaTypes.V1_JSON_TYPE)
                    .body(new ErrorBody(status, detail == null ? "HTTP " + status : detail));
        }
        if (UpstreamFaults.isUnknownHealthPath(e)) {
            return body(ErrorCode.ROUTE_NOT_FOUND, "HTTP 404 Not Found");
        }
        log.error("Unexpected registry failure", e);
        return body(ErrorCode.INTERNAL_ERROR, "Internal Server Error");
    }

    private static ResponseEntity<ErrorBody> body(ErrorCode code, String message) {
        return ResponseEntity.status(code.httpStatus()).contentType(ConfluentMediaTypes.V1_JSON_TYPE)
                .body(new ErrorBody(code.confluentCode(), message));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Confluent's wording of a body over the limit, for a declared length and for a body cut off while read. */
    static String tooLarge(long limit) {
        return "Request body is larger than the limit of " + limit + " bytes";
    }
}
