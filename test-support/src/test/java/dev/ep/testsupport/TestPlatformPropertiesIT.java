package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(TestPlatformPropertiesIT.Empty.class)
class TestPlatformPropertiesIT {

    private static final Database DATABASE = TestPlatform.postgres().newDatabase("properties");

    @DynamicPropertySource
    static void platform(DynamicPropertyRegistry registry) {
        TestPlatformProperties.register(registry, DATABASE);
        TestPlatformProperties.schemaRegistry(registry);
    }

    @Autowired
    private Environment environment;

    @Test
    void shouldPointSpringAtKafkaAndDatabaseWhenRegistered() {
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(TestPlatform.kafka().bootstrapServers());
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(DATABASE.jdbcUrl());
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo(DATABASE.username());
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo(DATABASE.password());
    }

    @Test
    void shouldStartRegistryOnlyWhenItsUrlIsRead() {
        // given: registering the registry keys above did not fail although schema-registry is absent here

        // when / then: reading the key is what starts it, and here it explains the missing dependency
        assertThatThrownBy(() -> environment.getProperty("ep.schema-registry.url"))
                .hasRootCauseInstanceOf(ClassNotFoundException.class)
                .hasMessageContaining("dev.ep:schema-registry");
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
