package dev.ep.ingest.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Parses the request's parameters (query string, and a form body) before anything else reads them, and answers a
 * 400 problem when they are not valid percent-encoded UTF-8 (an encoded lone surrogate such as {@code %ED%A0%80},
 * overlong or truncated sequences, a stray {@code %}). Tomcat throws {@code InvalidParameterException} (an
 * {@link IllegalStateException}) from the first {@code getParameter} call in that case, wherever that call happens
 * (a mapping's {@code params} condition, a filter, an actuator endpoint), which would otherwise be a 500. Doing it
 * once here covers every path and method, {@code HEAD} included.
 */
final class MalformedParametersFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    MalformedParametersFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            request.getParameterMap();
        } catch (IllegalStateException | IllegalArgumentException e) {
            ProblemDetail problem = ProblemAdvice.problemDetail(ErrorCode.BAD_REQUEST,
                    "the query string (or form body) is not valid percent-encoded UTF-8", request);
            response.setStatus(ErrorCode.BAD_REQUEST.httpStatus());
            response.setContentType("application/problem+json");
            if (!"HEAD".equals(request.getMethod())) {
                response.getOutputStream().write(json.writeValueAsBytes(problem));
            }
            return;
        }
        chain.doFilter(request, response);
    }
}
