package dev.ep.config.system;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose query string or path is not well-formed percent-encoded UTF-8 (a {@code %} without two hex
 * digits, an encoded lone surrogate such as {@code %ED%A0%80}, an overlong form, a truncated sequence) with a 400
 * problem detail ({@code INVALID_PARAMETER}) before anything parses it. Without this the container's parameter
 * parser throws from {@code getParameter*} (Servlet 6.1), deep inside the handling of an ordinary request, which
 * would surface as a 500. Runs first, for every path (also {@code /actuator}, {@code /v3/api-docs}).
 */
final class RequestTargetFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> problem = problem("query string", request.getQueryString())
                .or(() -> problem("path", request.getRequestURI()));
        if (problem.isPresent()) {
            response.setStatus(400);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"type\":\"" + ProblemAdvice.TYPE_BASE + "invalid-parameter\","
                    + "\"title\":\"Invalid parameter\",\"status\":400,\"detail\":\"" + problem.get() + "\","
                    + "\"code\":\"" + ApiError.INVALID_PARAMETER.name() + "\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why {@code raw} (as received, still percent-encoded) is not well-formed percent-encoded UTF-8, if it is not. */
    static Optional<String> problem(String what, String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    return Optional.of(what + ": '%' at offset " + i + " is not followed by two hex digits");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(what + ": the percent-encoded bytes are not valid UTF-8");
        }
    }
}
