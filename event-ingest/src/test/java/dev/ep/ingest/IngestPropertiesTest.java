package dev.ep.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.ingest.store.WriteMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class IngestPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IngestProperties.class)
    static class Bind {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Bind.class)
            .withInitializer(context -> org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor
                    .applyTo(context.getEnvironment()));

    @Test
    void shouldBindTheShippedDefaultsWhenNothingIsOverridden() {
        runner.run(context -> {
            IngestProperties properties = context.getBean(IngestProperties.class);
            assertThat(properties.enabled()).isTrue();
            assertThat(properties.topics().events()).isEqualTo("ep.events");
            assertThat(properties.topics().deadLetter()).isEqualTo("ep.dlt.event-ingest");
            assertThat(properties.consumers()).isEqualTo(2);
            assertThat(properties.maxPollRecords()).isEqualTo(5000);
            assertThat(properties.writeMethod()).isEqualTo(WriteMethod.COPY);
            assertThat(properties.backoff().max()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.partitions().daysAhead()).isEqualTo(7);
            assertThat(properties.partitions().retentionDays()).isZero();
        });
    }

    @Test
    void shouldRefuseToStartWhenASettingIsOutOfRange() {
        runner.withPropertyValues("ep.ingest.consumers=0").run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("ep.ingest.partitions.retention-days=-1")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("ep.ingest.backoff.initial=10s", "ep.ingest.backoff.max=1s")
                .run(context -> assertThat(context).hasFailed());
    }
}
