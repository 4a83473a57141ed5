package dev.ep.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-process registry takes its settings from its arguments only, whatever the host JVM has configured. */
class EmbeddedSchemaRegistryIT {

    @Test
    void shouldIgnoreHostSettingsWhenStartedEmbedded() {
        // given: a host whose system properties would point the registry elsewhere
        Map<String, String> hostSettings = Map.of(
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/nowhere",
                "server.port", "1",
                "registry.default-compatibility", "NONE",
                "spring.flyway.locations", "classpath:db/nothing-here");
        Database database = TestPlatform.postgres().newDatabase("registry_embedded");
        hostSettings.forEach(System::setProperty);
        EmbeddedSchemaRegistry registry;
        try {
            // when
            registry = EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(), database.password());
        } finally {
            hostSettings.keySet().forEach(System::clearProperty);
        }

        // then
        try (registry) {
            URI url = URI.create(registry.url());
            assertThat(url.getHost()).isEqualTo("127.0.0.1");
            assertThat(url.getPort()).isNotIn(1, 8081);
            RegistryHttp http = new RegistryHttp(registry.url());
            assertThat(http.get("/config").json().get("compatibilityLevel").asString()).isEqualTo("BACKWARD");
            assertThat(http.register("embedded-value", "\"string\"")).isPositive();
        }
    }
}
