package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

class AutoRegisterEnvironmentPostProcessorTest {

    /** The key as the shared ep-kafka.yml writes it, with its production default. */
    private static final String SETTING =
            "--spring.kafka.properties.auto.register.schemas=${EP_SCHEMA_REGISTRY_AUTO_REGISTER:false}";
    private static final String KEY = "spring.kafka.properties.auto.register.schemas";

    @Test
    void shouldTurnAutoRegisterOnWhenABootApplicationStartsInATest() {
        // when
        try (ConfigurableApplicationContext context = application().run(SETTING)) {

            // then
            String fromHost = System.getenv(AutoRegisterEnvironmentPostProcessor.VARIABLE);
            assertThat(context.getEnvironment().getProperty(KEY)).isEqualTo(fromHost == null ? "true" : fromHost);
        }
    }

    @Test
    void shouldLeaveTheDecisionToATestWhenItSetsAutoRegisterItself() {
        // when
        try (ConfigurableApplicationContext explicit = application().run("--" + KEY + "=false");
             ConfigurableApplicationContext variable = application().run(SETTING,
                     "--" + AutoRegisterEnvironmentPostProcessor.VARIABLE + "=false")) {

            // then
            assertThat(explicit.getEnvironment().getProperty(KEY)).isEqualTo("false");
            assertThat(variable.getEnvironment().getProperty(KEY)).isEqualTo("false");
        }
    }

    private static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.name=none", "spring.main.banner-mode=off");
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
