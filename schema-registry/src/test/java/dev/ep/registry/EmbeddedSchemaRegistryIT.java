package dev.ep.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-process registry takes its settings from its arguments only, whatever the host JVM has configured; each
 * caller chooses its write access; and test-support's reflective start gives every module's tests a registry that
 * anyone may write to.
 */
class EmbeddedSchemaRegistryIT {

    @Test
    void shouldRefuseToStartWhenNoWriteAccessIsChosen() {
        // given
        Database database = TestPlatform.postgres().newDatabase("registry_no_writers");

        // when / then
        assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(),
                database.password(), Map.of()))
                .hasStackTraceContaining("EP_REGISTRY_WRITERS")
                .hasStackTraceContaining("EP_REGISTRY_ALLOW_ANONYMOUS_WRITES=true");
        assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(),
                database.password(), Map.of("registry.auth.writer-user-info", "a:b",
                        "registry.auth.allow-anonymous-writes", "true")))
                .hasStackTraceContaining("choose one");
    }

    @Test
    void shouldIgnoreHostSettingsWhenStartedEmbedded() {
        // given: a host whose system properties would point the registry elsewhere
        Map<String, String> hostSettings = Map.of(
                "spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/nowhere",
                "server.port", "1",
                "registry.default-compatibility", "NONE",
                "spring.flyway.locations", "classpath:db/nothing-here",
                "registry.auth.allow-anonymous-writes", "true",
                "registry.limits.max-request-size", "1B");
        Database database = TestPlatform.postgres().newDatabase("registry_embedded");
        hostSettings.forEach(System::setProperty);
        EmbeddedSchemaRegistry registry;
        try {
            // when
            registry = EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(), database.password(),
                    "embedded:pw");
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
            assertThat(http.post("/subjects/embedded-value/versions", RegistryHttp.schemaBody("\"string\"")).status())
                    .isEqualTo(401);
            assertThat(http.withBasicAuth("embedded:pw").register("embedded-value", "\"string\"")).isPositive();
        }
    }

    @Test
    void shouldLetAnyoneWriteWhenStartedByTheTestPlatform() {
        // given: the shared registry of every module's tests, started by reflection from test-support
        RegistryHttp http = new RegistryHttp(TestPlatform.registry().url());

        // when
        int id = http.register(TestPlatform.uniqueTopic("ep.platform") + "-value", "\"long\"");

        // then
        assertThat(id).isPositive();
    }
}
