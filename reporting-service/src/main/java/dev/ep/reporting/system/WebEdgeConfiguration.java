package dev.ep.reporting.system;

import dev.ep.webedge.RefusedRequestValve;
import dev.ep.webedge.RequestGuardFilter;
import dev.ep.webedge.UpstreamFaults;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The shared HTTP edge (web-edge) for this service: the request guard first (a malformed query string 400, an unused
 * method 405, a wildcard {@code Content-Type} 415, {@code /error} asked directly 404) and Tomcat's own refusals as
 * 4xx problem details, so no client request is a 5xx (issue 9 §4).
 */
@Configuration(proxyBeanMethods = false)
class WebEdgeConfiguration {

    static final String TYPE_BASE = "https://ep.dev/problems/";

    @Bean
    FilterRegistrationBean<RequestGuardFilter> requestGuardFilter() {
        FilterRegistrationBean<RequestGuardFilter> bean = new FilterRegistrationBean<>(
                new RequestGuardFilter((request, response, refusal) -> {
                    response.setStatus(refusal.status());
                    response.setContentType("application/problem+json");
                    if (!"HEAD".equals(request.getMethod())) {
                        response.getOutputStream().write(problem(refusal.status(), refusal.kind().name(),
                                refusal.detail()).getBytes(StandardCharsets.UTF_8));
                    }
                }, false));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after the character-encoding filter
        return bean;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> refusedRequestsAsProblems() {
        return factory -> factory.addEngineValves(new RefusedRequestValve(RefusedRequestValve.ErrorBody
                .problemDetails(TYPE_BASE, status -> status == 404 ? "NOT_FOUND" : status == 405
                        ? "METHOD_NOT_ALLOWED" : status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL")));
    }

    private static String problem(int status, String code, String detail) {
        String kebab = code.toLowerCase(Locale.ROOT).replace('_', '-');
        return "{\"type\":\"" + TYPE_BASE + kebab + "\",\"title\":\"" + Character.toUpperCase(kebab.charAt(0))
                + kebab.substring(1).replace('-', ' ') + "\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\",\"code\":\"" + code + "\"}";
    }

    /** Known framework faults on client input (web-edge {@link UpstreamFaults}); anything else stays a 500. */
    @RestControllerAdvice
    static class UpstreamFaultAdvice {

        @ExceptionHandler(IllegalStateException.class)
        ResponseEntity<ProblemDetail> unknownHealthPath(IllegalStateException e, HttpServletRequest request) {
            if (!UpstreamFaults.isUnknownHealthPath(e)) {
                throw e;
            }
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "no such health contributor");
            problem.setType(URI.create(TYPE_BASE + "not-found"));
            problem.setProperty("code", "NOT_FOUND");
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
    }
}
