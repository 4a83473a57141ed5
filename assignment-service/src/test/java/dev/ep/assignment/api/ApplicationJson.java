package dev.ep.assignment.api;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's {@link JsonMapper} exactly as the service builds it: Boot's Jackson auto-configuration with
 * application.yml's {@code spring.jackson.*} and {@link StrictJsonConfiguration}, in a small context without a web
 * server. Codec tests compare against databind on this mapper, not on a hand-built copy of its settings.
 */
public final class ApplicationJson {

    public static final JsonMapper MAPPER = load();

    private ApplicationJson() {
    }

    private static JsonMapper load() {
        AtomicReference<JsonMapper> mapper = new AtomicReference<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(StrictJsonConfiguration.class)
                .withInitializer(context -> ConfigDataEnvironmentPostProcessor.applyTo(context.getEnvironment()))
                .run(context -> mapper.set(context.getBean(JsonMapper.class)));
        return mapper.get();
    }
}
