package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformSettingsTest {

    private static final Path CWD = Path.of("/work/repo");

    @Test
    void shouldUseRepositoryDataDirAndEmbeddedPostgresWhenNothingIsSet() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(), CWD);

        // then
        assertThat(settings.home()).isEqualTo(CWD);
        assertThat(settings.dataDir()).isEqualTo(CWD.resolve(".ep-data"));
        assertThat(settings.logFile("kafka")).isEqualTo(CWD.resolve(".ep-data/logs/kafka.log"));
        assertThat(settings.kafkaDir()).isEqualTo(CWD.resolve(".ep-data/kafka"));
        assertThat(settings.postgresDir()).isEqualTo(CWD.resolve(".ep-data/postgres"));
        assertThat(settings.kafkaLibs()).isEqualTo(CWD.resolve("deploy/target/kafka-libs"));
        assertThat(settings.externalPostgres()).isEmpty();
        assertThat(settings.startTimeout()).isEqualTo(PlatformSettings.DEFAULT_START_TIMEOUT);
        assertThat(settings.kafkaJvmOptions()).containsExactly("-Xms256m", "-Xmx1g");
        assertThat(settings.serviceJvmOptions()).isEmpty();
    }

    @Test
    void shouldResolveRelativeDataDirAgainstWorkingDirWhenOverridden() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(
                Map.of("EP_DATA_DIR", "other/../elsewhere", "EP_HOME", "/opt/ep"), CWD);

        // then
        assertThat(settings.home()).isEqualTo(Path.of("/opt/ep"));
        assertThat(settings.dataDir()).isEqualTo(CWD.resolve("elsewhere"));
    }

    @Test
    void shouldUseExistingServerWhenPostgresUrlIsSet() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(
                "EP_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres",
                "EP_POSTGRES_USER", "ep", "EP_POSTGRES_PASSWORD", "s3cret"), CWD);

        // then
        assertThat(settings.externalPostgres()).contains(
                new PostgresEndpoint("jdbc:postgresql://127.0.0.1:5432/postgres", "ep", "s3cret"));
    }

    @Test
    void shouldDefaultToPostgresUserWhenOnlyUrlIsSet() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(
                Map.of("EP_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"), CWD);

        // then
        assertThat(settings.externalPostgres().orElseThrow().username()).isEqualTo("postgres");
        assertThat(settings.externalPostgres().orElseThrow().password()).isEmpty();
    }

    @Test
    void shouldSplitJvmOptionsAndReadTimeoutWhenSet() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(
                "EP_START_TIMEOUT_SECONDS", "42", "EP_SERVICE_JAVA_OPTS", "  -Xmx256m   -XX:+UseSerialGC ",
                "EP_KAFKA_JAVA_OPTS", "-Xmx512m"), CWD);

        // then
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(settings.serviceJvmOptions()).isEqualTo(List.of("-Xmx256m", "-XX:+UseSerialGC"));
        assertThat(settings.kafkaJvmOptions()).isEqualTo(List.of("-Xmx512m"));
    }

    @Test
    void shouldGiveControlPlaneC1AndSerialGcAndDataPathNothingByDefault() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of(), CWD);

        // then
        List<String> control = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertThat(settings.jvmOptions(Catalog.SCHEMA_REGISTRY)).isEqualTo(control);
        assertThat(settings.jvmOptions(Catalog.service("config-service").orElseThrow())).isEqualTo(control);
        assertThat(settings.jvmOptions(Catalog.service("console").orElseThrow())).isEqualTo(control);
        assertThat(settings.jvmOptions(Catalog.service("assignment-service").orElseThrow())).isEmpty();
        assertThat(settings.jvmOptions(Catalog.service("event-ingest").orElseThrow())).isEmpty();
        assertThat(settings.jvmOptions(Catalog.service("reporting-service").orElseThrow())).isEmpty();
    }

    @Test
    void shouldPutServiceOptionsAfterControlOptionsSoTheyWin() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of("EP_CONTROL_JAVA_OPTS", "-Xmx128m",
                "EP_SERVICE_JAVA_OPTS", "-XX:TieredStopAtLevel=4"), CWD).withInstances(2);

        // then
        assertThat(settings.jvmOptions(Catalog.service("config-service").orElseThrow()))
                .containsExactly("-Xmx128m", "-XX:TieredStopAtLevel=4");
        assertThat(settings.jvmOptions(Catalog.service("reporting-service").orElseThrow()))
                .containsExactly("-XX:TieredStopAtLevel=4");
    }

    @Test
    void shouldDropControlDefaultsWhenSetEmpty() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of("EP_CONTROL_JAVA_OPTS", " "), CWD);

        // then
        assertThat(settings.jvmOptions(Catalog.SCHEMA_REGISTRY)).isEmpty();
    }

    @Test
    void shouldRejectTimeoutWhenNotANumber() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformSettings.fromEnvironment(Map.of("EP_START_TIMEOUT_SECONDS", "soon"), CWD))
                .withMessageContaining("EP_START_TIMEOUT_SECONDS");
    }

    @Test
    void shouldRejectTimeoutWhenNotPositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformSettings.fromEnvironment(Map.of("EP_START_TIMEOUT_SECONDS", "0"), CWD));
    }

    @Test
    void shouldMovePortsAndRunInstancesWhenOffsetAndInstancesAreGiven() {
        // when
        PlatformSettings settings = PlatformSettings.fromEnvironment(Map.of("EP_PORT_OFFSET", " 1000 "), CWD)
                .withInstances(2);

        // then
        assertThat(settings.ports()).isEqualTo(new Ports(1000, 2));
        assertThat(settings.controlDir()).isEqualTo(CWD.resolve(".ep-data/run/control"));
        assertThat(PlatformSettings.fromEnvironment(Map.of(), CWD).ports()).isEqualTo(new Ports(0, 1));
    }

    @Test
    void shouldRefuseAnOffsetThatIsNotAWholeNumberOrMovesPortsOutOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformSettings.fromEnvironment(Map.of("EP_PORT_OFFSET", "1e3"), CWD))
                .withMessageContaining("EP_PORT_OFFSET must be a whole number");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformSettings.fromEnvironment(Map.of("EP_PORT_OFFSET", "99999999999"), CWD))
                .withMessageContaining("EP_PORT_OFFSET");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformSettings.fromEnvironment(Map.of("EP_PORT_OFFSET", "20000"), CWD))
                .withMessageContaining("outside 1024..65535");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformSettings.fromEnvironment(Map.of(), CWD).withInstances(5))
                .withMessageContaining("--instances");
    }

    @Test
    void shouldReadInstancesFromTheStartArgumentsWhenGiven() {
        assertThat(PlatformLauncher.instances(new String[0])).isEqualTo(1);
        assertThat(PlatformLauncher.instances(new String[] {"start"})).isEqualTo(1);
        assertThat(PlatformLauncher.instances(new String[] {"start", "--instances", "3"})).isEqualTo(3);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformLauncher.instances(new String[] {"start", "--instances", "two"}))
                .withMessageContaining("whole number");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformLauncher.instances(new String[] {"start", "--instances"}));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PlatformLauncher.instances(new String[] {"restart", "x"}));
    }
}
