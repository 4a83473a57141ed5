package dev.ep.registry.system;

import dev.ep.registry.core.ErrorCode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Confluent's error body written straight to a servlet response, for the places that answer before Spring MVC's
 * {@link ErrorAdvice} can: the request guard filter, the {@code /error} page and Tomcat's error report valve.
 */
final class ErrorResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ErrorResponses() {
    }

    static String json(int errorCode, String message) {
        return JSON.writeValueAsString(new ErrorBody(errorCode, message));
    }

    static void write(HttpServletResponse response, ErrorCode code, String message) throws IOException {
        write(response, code.httpStatus(), code.confluentCode(), message);
    }

    static void write(HttpServletResponse response, int status, int errorCode, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(ConfluentMediaTypes.V1_JSON);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(json(errorCode, message));
        response.flushBuffer();
    }

    /** {@code HTTP 404 Not Found}, as Confluent words errors that carry no more detail. */
    static String plainMessage(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return "HTTP " + status + (known == null ? "" : " " + known.getReasonPhrase());
    }
}
