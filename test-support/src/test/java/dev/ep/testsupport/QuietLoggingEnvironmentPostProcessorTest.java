package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

class QuietLoggingEnvironmentPostProcessorTest {

    @Test
    void shouldSetBrokerLoggersToWarnWhenBootApplicationStarts() {
        // when
        try (ConfigurableApplicationContext context = application().run()) {

            // then
            assertThat(context.getEnvironment().getProperty("logging.level.kafka")).isEqualTo("WARN");
            assertThat(context.getEnvironment().getProperty("logging.level.org.apache.kafka")).isEqualTo("WARN");
            assertThat(LoggerFactory.getLogger("kafka.server.KafkaRaftServer").isInfoEnabled()).isFalse();
            assertThat(LoggerFactory.getLogger("org.apache.kafka.controller.QuorumController").isWarnEnabled()).isTrue();
        }
    }

    @Test
    void shouldLetApplicationOverrideLevelWhenItSetsOne() {
        // when
        try (ConfigurableApplicationContext context = application().run("--logging.level.org.apache.kafka=DEBUG")) {

            // then
            assertThat(context.getEnvironment().getProperty("logging.level.org.apache.kafka")).isEqualTo("DEBUG");
            assertThat(LoggerFactory.getLogger("org.apache.kafka.clients.Metadata").isDebugEnabled()).isTrue();
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
