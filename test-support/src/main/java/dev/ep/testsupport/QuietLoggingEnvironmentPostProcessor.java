package dev.ep.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds {@code logging.level.<broker logger>=WARN} as the lowest-precedence defaults of every Spring Boot
 * application started on a classpath with test-support (i.e. Spring tests): a module's own
 * {@code logging.level.*} settings still win. Registered in {@code META-INF/spring.factories}.
 */
class QuietLoggingEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "ep-test-platform-logging";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        Map<String, Object> levels = new LinkedHashMap<>();
        QuietLogging.LOGGERS.forEach(name -> levels.put("logging.level." + name, "WARN"));
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, levels));
    }
}
