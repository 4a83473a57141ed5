package dev.ep.assignment.api;

import java.util.List;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 problem body: {@code type}, {@code title}, {@code status}, {@code detail}, plus extensions. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(ErrorCode code, String detail, List<ApiException.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setType(code.type());
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** The same body as JSON text, for filters that answer before Spring MVC. */
    static String json(ErrorCode code, String detail) {
        return "{\"type\":\"" + code.type() + "\",\"title\":\"" + code.title() + "\",\"status\":"
                + code.status().value() + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"code\":\"" + code.name() + "\"}";
    }
}
