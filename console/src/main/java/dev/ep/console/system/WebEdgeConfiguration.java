package dev.ep.console.system;

import dev.ep.console.proxy.ConsoleProperties;
import dev.ep.console.proxy.ProxyProblem;
import dev.ep.webedge.BodyLimitFilter;
import dev.ep.webedge.RefusedRequestValve;
import dev.ep.webedge.RequestGuardFilter;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The shared HTTP edge (web-edge), as every service has it: the request guard first (query string and path must be
 * percent-encoded UTF-8, known methods, no wildcard Content-Type), the body bound (a declared length above it is
 * refused at once, a chunked body while it is read), Tomcat's own refusals as problem details.
 */
@Configuration(proxyBeanMethods = false)
class WebEdgeConfiguration {

    private static final RequestGuardFilter.RefusalWriter WRITER = (request, response, refusal) -> {
        response.setStatus(refusal.status());
        response.setContentType("application/problem+json");
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(new ProxyProblem(refusal.status(), refusal.kind().name(),
                    refusal.detail(), null).json().getBytes(StandardCharsets.UTF_8));
        }
    };

    @Bean
    FilterRegistrationBean<RequestGuardFilter> requestGuardFilter() {
        FilterRegistrationBean<RequestGuardFilter> bean = new FilterRegistrationBean<>(
                new RequestGuardFilter(WRITER, true));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after the character-encoding filter
        return bean;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(ConsoleProperties settings) {
        FilterRegistrationBean<BodyLimitFilter> bean = new FilterRegistrationBean<>(
                new BodyLimitFilter(request -> settings.maxRequestBytes(), WRITER));
        bean.addUrlPatterns("/*");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> refusedRequestsAsProblems() {
        return factory -> factory.addEngineValves(new RefusedRequestValve(RefusedRequestValve.ErrorBody
                .problemDetails(ProxyProblem.TYPE_BASE, status -> status == 404 ? "NOT_FOUND" : status == 405
                        ? "METHOD_NOT_ALLOWED" : status >= 400 && status < 500 ? "BAD_REQUEST" : "INTERNAL")));
    }
}
