package dev.ep.config.system;

import dev.ep.webedge.BodyLimitFilter;

import dev.ep.webedge.Refusal;
import dev.ep.webedge.RefusedRequestValve;
import dev.ep.webedge.RequestGuardFilter;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.ep.config.security.BearerTokenInterceptor;

/** Strict JSON, the request size limit, no unknown query parameters, and the order of the /v1 interceptors. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return new StrictJson();
    }

    /**
     * The shared edge guard (web-edge), first for every path: malformed percent-encoding or UTF-8 in the query
     * string or path (400 {@code INVALID_PARAMETER}), a method the API does not use (405), a wildcard
     * {@code Content-Type} (415), each a problem detail before anything parses the request.
     */
    @Bean
    FilterRegistrationBean<RequestGuardFilter> requestGuardFilter() {
        FilterRegistrationBean<RequestGuardFilter> bean = new FilterRegistrationBean<>(
                new RequestGuardFilter(WebConfiguration::refuse, true));
        bean.addUrlPatterns("/*");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1); // after the character-encoding filter
        return bean;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refusal)
            throws IOException {
        ApiError error = switch (refusal.kind()) {
            case MALFORMED_QUERY, MALFORMED_PATH -> ApiError.INVALID_PARAMETER;
            case NOT_FOUND -> ApiError.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ApiError.METHOD_NOT_ALLOWED;
            case WILDCARD_CONTENT_TYPE -> ApiError.UNSUPPORTED_MEDIA_TYPE;
            case PAYLOAD_TOO_LARGE -> ApiError.PAYLOAD_TOO_LARGE;
        };
        String kebab = error.name().toLowerCase(Locale.ROOT).replace('_', '-');
        response.setStatus(error.httpStatus());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        if (!"HEAD".equals(request.getMethod())) {
            response.getWriter().write("{\"type\":\"" + ProblemAdvice.TYPE_BASE + kebab + "\",\"title\":\""
                    + Character.toUpperCase(kebab.charAt(0)) + kebab.substring(1).replace('-', ' ') + "\",\"status\":"
                    + error.httpStatus() + ",\"detail\":\"" + refusal.detail() + "\",\"code\":\"" + error.name() + "\"}");
        }
    }

    /**
     * Requests Tomcat refuses before the application sees them (a path its normalisation rejects, CONNECT, an
     * unknown transfer coding) get a problem detail too, 4xx, with a fixed detail.
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> refusedRequestsAsProblems() {
        return factory -> factory.addEngineValves(new RefusedRequestValve(RefusedRequestValve.ErrorBody
                .problemDetails(ProblemAdvice.TYPE_BASE, status -> (status == 404 ? ApiError.NOT_FOUND
                        : status == 405 ? ApiError.METHOD_NOT_ALLOWED
                        : status == 413 ? ApiError.PAYLOAD_TOO_LARGE
                        : status >= 400 && status < 500 ? ApiError.INVALID_PARAMETER : ApiError.INTERNAL_ERROR).name())));
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> requestSizeLimitFilter(
            @Value("${ep.config.max-request-bytes:65536}") long limit) {
        FilterRegistrationBean<BodyLimitFilter> bean = new FilterRegistrationBean<>(new BodyLimitFilter(limit));
        bean.addUrlPatterns("/v1/*");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    /** Authentication first (401/403 before anything else), then the size limit (413), then query parameters. */
    @Bean
    WebMvcConfigurer v1Interceptors(BearerTokenInterceptor authentication,
            @Value("${ep.config.max-request-bytes:65536}") long limit) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(authentication).addPathPatterns("/v1/**").order(0);
                registry.addInterceptor(new RequestSizeInterceptor(limit)).addPathPatterns("/v1/**").order(1);
                registry.addInterceptor(new QueryParameterInterceptor()).addPathPatterns("/v1/**").order(2);
            }
        };
    }
}
