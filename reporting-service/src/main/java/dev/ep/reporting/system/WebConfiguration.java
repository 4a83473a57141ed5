package dev.ep.reporting.system;

import dev.ep.webedge.BodyLimitFilter;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Strict JSON and the request size bound. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return new StrictJson();
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> requestSizeLimitFilter(
            @Value("${ep.reporting.max-request-bytes:1048576}") long limit) {
        FilterRegistrationBean<BodyLimitFilter> bean = new FilterRegistrationBean<>(
                new BodyLimitFilter(limit));
        bean.addUrlPatterns("/*");
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }
}
