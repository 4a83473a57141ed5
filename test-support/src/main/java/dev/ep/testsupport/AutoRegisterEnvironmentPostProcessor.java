package dev.ep.testsupport;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns schema auto-registration on for every Spring Boot application started on a classpath with test-support
 * (i.e. Spring tests): adds {@code EP_SCHEMA_REGISTRY_AUTO_REGISTER=true} as the lowest-precedence default, which is
 * what the shared {@code ep-kafka.yml} reads for {@code auto.register.schemas} (production default: false). Tests
 * start from empty registries, so producers must register what they write, as on the local platform. A real
 * environment variable, or {@code spring.kafka.properties.auto.register.schemas} set by a test, still wins.
 * Registered in {@code META-INF/spring.factories}.
 */
class AutoRegisterEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "ep-test-platform-auto-register";
    static final String VARIABLE = "EP_SCHEMA_REGISTRY_AUTO_REGISTER";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(VARIABLE, "true")));
        }
    }
}
