package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PlatformSettingsTest {

    @Test
    void shouldUseEmbeddedEverythingWhenNothingIsSet() {
        PlatformSettings settings = PlatformSettings.from(Map.of(), new Properties());

        assertThat(settings.infra()).isEqualTo(PlatformSettings.Infra.EMBEDDED);
        assertThat(settings.postgresUrl()).isEmpty();
        assertThat(settings.postgresUser()).isEqualTo("postgres");
        assertThat(settings.postgresPassword()).isEmpty();
    }

    @Test
    void shouldReadExistingPostgresWhenEnvironmentNamesIt() {
        Map<String, String> env = Map.of(
                "EP_TEST_POSTGRES_URL", "jdbc:postgresql://db:5432/admin",
                "EP_TEST_POSTGRES_USER", "ep",
                "EP_TEST_POSTGRES_PASSWORD", "secret");

        PlatformSettings settings = PlatformSettings.from(env, new Properties());

        assertThat(settings.postgresUrl()).contains("jdbc:postgresql://db:5432/admin");
        assertThat(settings.postgresUser()).isEqualTo("ep");
        assertThat(settings.postgresPassword()).isEqualTo("secret");
    }

    @Test
    void shouldPreferSystemPropertyWhenBothAreSet() {
        Properties properties = new Properties();
        properties.setProperty("ep.test.postgres.url", "jdbc:postgresql://from-property/admin");

        PlatformSettings settings = PlatformSettings.from(
                Map.of("EP_TEST_POSTGRES_URL", "jdbc:postgresql://from-env/admin"), properties);

        assertThat(settings.postgresUrl()).contains("jdbc:postgresql://from-property/admin");
    }

    @Test
    void shouldTreatBlankUrlAsUnsetWhenCiExportsEmptyVariable() {
        PlatformSettings settings = PlatformSettings.from(Map.of("EP_TEST_POSTGRES_URL", " "), new Properties());

        assertThat(settings.postgresUrl()).isEmpty();
    }

    @Test
    void shouldAcceptInfraNameWhenCaseDiffers() {
        PlatformSettings settings = PlatformSettings.from(Map.of("EP_TEST_INFRA", "Embedded"), new Properties());

        assertThat(settings.infra()).isEqualTo(PlatformSettings.Infra.EMBEDDED);
    }

    @Test
    void shouldFailWithChoicesWhenInfraIsUnknown() {
        assertThatThrownBy(() -> PlatformSettings.from(Map.of("EP_TEST_INFRA", "testcontainers"), new Properties()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EP_TEST_INFRA=testcontainers")
                .hasMessageContaining("[embedded]");
    }

    @Test
    void shouldSelectExistingPostgresWhenUrlIsSet() {
        PlatformSettings settings = PlatformSettings.from(
                Map.of("EP_TEST_POSTGRES_URL", "jdbc:postgresql://db/admin"), new Properties());

        assertThat(Infrastructure.select(settings)).isInstanceOf(Infrastructure.WithExistingPostgres.class);
    }
}
