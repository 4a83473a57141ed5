package dev.ep.reporting.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer-token authentication as one MVC interceptor (the same model as config-service, without Spring Security):
 * the service refuses to start when no token is accepted, and warns when the public development tokens are.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class AccessConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AccessConfiguration.class);

    @Bean
    BearerTokenInterceptor bearerTokenInterceptor(AccessProperties properties) {
        if (properties.devTokens()) {
            LOG.warn("EP_REPORTING_DEV_TOKENS=true: accepting the public development tokens dev-viewer-token, "
                    + "dev-owner-token and dev-admin-token. Never enable this outside a developer machine.");
        }
        return new BearerTokenInterceptor(properties.accepted());
    }

    /** Registered for every path: the interceptor decides on the resolved handler. Runs first (order 0). */
    @Bean
    WebMvcConfigurer authentication(BearerTokenInterceptor interceptor) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor).order(0);
            }
        };
    }
}
