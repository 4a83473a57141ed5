package dev.ep.assignment.api;

import java.util.List;
import org.springframework.http.ProblemDetail;

/** Builds the RFC 9457 problem body: {@code type}, {@code title}, {@code status}, {@code detail}, plus extensions. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(ErrorCode code, String detail, List<ApiException.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), printable(detail));
        problem.setType(code.type());
        problem.setTitle(code.title());
        problem.setProperty("code", code.name());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors.stream()
                    .map(e -> new ApiException.FieldError(printable(e.field()), printable(e.message()))).toList());
        }
        return problem;
    }

    /**
     * A message as it may be sent: control characters and unpaired surrogates (which some messages quote from the
     * client, e.g. a parser's "unrecognized token") written as {@code U+XXXX}. An unpaired surrogate has no UTF-8
     * form, so writing it would fail the response itself.
     */
    static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean bad = !pair && (Character.isSurrogate(c) || c < 0x20 || c == 0x7f);
            if (bad && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (bad) {
                    out.append(String.format("U+%04X", (int) c));
                } else {
                    out.append(c);
                    if (pair) {
                        out.append(text.charAt(++i));
                    }
                }
            } else if (pair) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }

    /** The same body as JSON text, for filters that answer before Spring MVC. */
    static String json(ErrorCode code, String detail) {
        return "{\"type\":\"" + code.type() + "\",\"title\":\"" + code.title() + "\",\"status\":"
                + code.status().value() + ",\"detail\":\""
                + printable(detail).replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"code\":\"" + code.name() + "\"}";
    }
}
