package dev.ep.config.system;

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

    /** Malformed percent-encoding or UTF-8 in the query string or path: 400 before anything parses it. */
    @Bean
    FilterRegistrationBean<RequestTargetFilter> requestTargetFilter() {
        FilterRegistrationBean<RequestTargetFilter> bean = new FilterRegistrationBean<>(new RequestTargetFilter());
        bean.addUrlPatterns("/*");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
            @Value("${ep.config.max-request-bytes:65536}") long limit) {
        FilterRegistrationBean<RequestSizeLimitFilter> bean = new FilterRegistrationBean<>(new RequestSizeLimitFilter(limit));
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
