package dev.ep.ingest.system;

import java.time.Clock;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.ObjectMapper;

/** Cross-cutting beans. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

    /** Runs right after the character-encoding filter, before anything else reads a parameter. */
    @Bean
    FilterRegistrationBean<MalformedParametersFilter> malformedParametersFilter(ObjectMapper json) {
        FilterRegistrationBean<MalformedParametersFilter> bean =
                new FilterRegistrationBean<>(new MalformedParametersFilter(json));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return bean;
    }

    /** Requests Tomcat refuses before the application sees them get a problem detail too. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> refusedRequestsAsProblems() {
        return factory -> factory.addEngineValves(new RefusedRequestValve());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
