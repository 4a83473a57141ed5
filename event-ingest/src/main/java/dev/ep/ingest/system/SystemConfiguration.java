package dev.ep.ingest.system;

import dev.ep.webedge.Refusal;
import dev.ep.webedge.RefusedRequestValve;
import dev.ep.webedge.RequestGuardFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.ObjectMapper;

/** Cross-cutting beans. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    /**
     * The shared edge guard (web-edge), right after the character-encoding filter and before anything else reads a
     * parameter: a query string (or form body) that is not percent-encoded UTF-8 is a 400 {@code BAD_REQUEST}
     * problem (Tomcat would throw from the first {@code getParameter}, a 500), a method no endpoint uses a 405, a
     * wildcard {@code Content-Type} a 415; every path and method, {@code HEAD} included.
     */
    @Bean
    FilterRegistrationBean<RequestGuardFilter> requestGuardFilter(ObjectMapper json) {
        FilterRegistrationBean<RequestGuardFilter> bean = new FilterRegistrationBean<>(
                new RequestGuardFilter((request, response, refusal) -> refuse(json, request, response, refusal),
                        false));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return bean;
    }

    private static void refuse(ObjectMapper json, HttpServletRequest request, HttpServletResponse response,
            Refusal refusal) throws IOException {
        ErrorCode code = switch (refusal.kind()) {
            case MALFORMED_QUERY, MALFORMED_PATH -> ErrorCode.BAD_REQUEST;
            case NOT_FOUND -> ErrorCode.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ErrorCode.METHOD_NOT_ALLOWED;
            case WILDCARD_CONTENT_TYPE -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case PAYLOAD_TOO_LARGE -> ErrorCode.PAYLOAD_TOO_LARGE;
        };
        response.setStatus(code.httpStatus());
        response.setContentType("application/problem+json");
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(json.writeValueAsBytes(
                    ProblemAdvice.problemDetail(code, refusal.detail(), request)));
        }
    }

    /**
     * Requests Tomcat refuses before the application sees them (a path that is not percent-encoded UTF-8, CONNECT,
     * an unknown transfer coding) get a problem detail too, with a fixed detail: nothing of the request is echoed.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> refusedRequestsAsProblems() {
        return factory -> factory.addEngineValves(new RefusedRequestValve(RefusedRequestValve.ErrorBody
                .problemDetails(ProblemAdvice.TYPE_BASE, status -> (status == 404 ? ErrorCode.NOT_FOUND
                        : status == 405 ? ErrorCode.METHOD_NOT_ALLOWED
                        : status >= 400 && status < 500 ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL).name())));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
