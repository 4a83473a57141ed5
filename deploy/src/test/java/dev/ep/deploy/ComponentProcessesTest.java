package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentProcessesTest {

    private static final ComponentProcesses.Endpoints ENDPOINTS = new ComponentProcesses.Endpoints("127.0.0.1:9092",
            "http://127.0.0.1:8081", new PostgresEndpoint("jdbc:postgresql://127.0.0.1:54329/postgres", "postgres", ""),
            "ep-platform:s3cret");

    private static ProcessSpec spec(Component component) {
        return ComponentProcesses.spec(component, Path.of("/repo/x/target/x-0.1.0-SNAPSHOT-exec.jar"), ENDPOINTS,
                "/jdk/bin/java", List.of("-Xmx256m"), Path.of("/repo"), Path.of("/repo/.ep-data"),
                Path.of("/repo/.ep-data/logs/x.log"));
    }

    @Test
    void shouldRunExecJarWithJvmOptionsWhenComponentStarts() {
        // when
        ProcessSpec spec = spec(new Component("x", Component.Kind.SERVICE, 8099, Optional.empty()));

        // then
        assertThat(spec.command()).containsExactly("/jdk/bin/java", "-Xmx256m", "-jar",
                Path.of("/repo/x/target/x-0.1.0-SNAPSHOT-exec.jar").toAbsolutePath().toString());
        assertThat(spec.name()).isEqualTo("x");
        assertThat(spec.logFile()).isEqualTo(Path.of("/repo/.ep-data/logs/x.log"));
    }

    @Test
    void shouldPassPortKafkaRegistryAndOwnDatabaseWhenComponentOwnsADatabase() {
        // when
        ProcessSpec spec = spec(new Component("config-service", Component.Kind.SERVICE, 8082,
                Optional.of("config_service")));

        // then
        Map<String, String> expected = new java.util.HashMap<>(Map.of(
                "PORT", "8082",
                "SERVER_ADDRESS", "127.0.0.1",
                "EP_CONFIG_DEV_TOKENS", "true",
                "EP_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
                "EP_SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081",
                "EP_SCHEMA_REGISTRY_USER_INFO", "ep-platform:s3cret",
                "EP_SCHEMA_REGISTRY_AUTO_REGISTER", "true",
                "EP_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:54329/config_service",
                "EP_POSTGRES_USER", "postgres",
                "EP_POSTGRES_PASSWORD", ""));
        expected.put("EP_CONFIG_REPORTING_TOKEN_SHA256", ComponentProcesses.sha256(ComponentProcesses.REPORTING_SERVICE_TOKEN));
        assertThat(spec.environment()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void shouldGiveReportingServiceEventIngestDatabaseAndTokenWhoseHashConfigServiceHas() {
        // when
        ProcessSpec reporting = spec(new Component("reporting-service", Component.Kind.SERVICE, 8084,
                Optional.of("reporting")));
        ProcessSpec config = spec(new Component("config-service", Component.Kind.SERVICE, 8082,
                Optional.of("config_service")));

        // then
        String token = reporting.environment().get("EP_REPORTING_CONFIG_SERVICE_TOKEN");
        assertThat(token).hasSize(64);
        assertThat(config.environment().get("EP_CONFIG_REPORTING_TOKEN_SHA256"))
                .isEqualTo(ComponentProcesses.sha256(token)).isNotEqualTo(token);
        assertThat(reporting.environment()).containsEntry("EP_REPORTING_CONFIG_SERVICE_URL", "http://127.0.0.1:8082")
                .containsEntry("EP_REPORTING_INGEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:54329/event_ingest")
                .doesNotContainKey("EP_CONFIG_REPORTING_TOKEN_SHA256");
    }

    @Test
    void shouldPointTheConsoleAtEveryServiceWhenTheConsoleStarts() {
        // when
        ProcessSpec console = spec(new Component("console", Component.Kind.SERVICE, 8085, Optional.empty()));

        // then
        assertThat(console.environment()).containsEntry("PORT", "8085")
                .containsEntry("EP_CONSOLE_CONFIG_URL", "http://127.0.0.1:8082")
                .containsEntry("EP_CONSOLE_REPORTING_URL", "http://127.0.0.1:8084")
                .containsEntry("EP_CONSOLE_ASSIGNMENT_URL", "http://127.0.0.1:8080")
                .containsEntry("EP_CONSOLE_INGEST_URL", "http://127.0.0.1:8083")
                .doesNotContainKey("EP_POSTGRES_URL");
    }

    @Test
    void shouldKeepReportingStreamsStateUnderTheDataDirWhenReportingServiceStarts() {
        // given a launcher that inherited a state dir meant for something else
        Map<String, String> inherited = new HashMap<>(Map.of("EP_REPORTING_STATE_DIR", "/tmp/elsewhere"));

        // when
        ProcessSpec reporting = spec(new Component("reporting-service", Component.Kind.SERVICE, 8084,
                Optional.of("reporting")));
        reporting.applyEnvironment(inherited);
        Map<String, String> other = new HashMap<>(Map.of("EP_REPORTING_STATE_DIR", "/tmp/elsewhere"));
        spec(new Component("assignment-service", Component.Kind.SERVICE, 8080, Optional.empty()))
                .applyEnvironment(other);

        // then: the Kafka Streams state survives a restart of the platform, next to the other services' data
        assertThat(reporting.environment()).containsEntry("EP_REPORTING_STATE_DIR",
                Path.of("/repo/.ep-data/reporting-service/state").toAbsolutePath().toString());
        assertThat(inherited).containsEntry("EP_REPORTING_STATE_DIR",
                Path.of("/repo/.ep-data/reporting-service/state").toAbsolutePath().toString());
        assertThat(other).doesNotContainKey("EP_REPORTING_STATE_DIR");
    }

    @Test
    void shouldKeepTheIngestArchiveUnderTheDataDirWhenEventIngestStarts() {
        // given a launcher that inherited an archive dir meant for something else
        Map<String, String> inherited = new HashMap<>(Map.of("EP_INGEST_ARCHIVE_DIR", "/tmp/elsewhere"));
        Map<String, String> other = new HashMap<>(Map.of("EP_INGEST_ARCHIVE_DIR", "/tmp/elsewhere"));

        // when
        ProcessSpec ingest = spec(new Component("event-ingest", Component.Kind.SERVICE, 8083,
                Optional.of("event_ingest")));
        ingest.applyEnvironment(inherited);
        spec(new Component("reporting-service", Component.Kind.SERVICE, 8084, Optional.of("reporting")))
                .applyEnvironment(other);

        // then: archiving is on locally, the Parquet history beside the other services' data
        String archive = Path.of("/repo/.ep-data/event-ingest/archive").toAbsolutePath().toString();
        assertThat(ingest.environment()).containsEntry("EP_INGEST_ARCHIVE_DIR", archive);
        assertThat(inherited).containsEntry("EP_INGEST_ARCHIVE_DIR", archive);
        assertThat(other).doesNotContainKey("EP_INGEST_ARCHIVE_DIR");
    }

    @Test
    void shouldGiveTheRegistryItsWriterAndNoClientSettingsWhenTheRegistryStarts() {
        // when
        ProcessSpec spec = spec(Catalog.SCHEMA_REGISTRY);

        // then
        assertThat(spec.environment()).containsEntry("EP_REGISTRY_WRITER_USER_INFO", "ep-platform:s3cret")
                .containsEntry("PORT", "8081")
                .containsEntry("EP_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:54329/schema_registry")
                .doesNotContainKeys("EP_SCHEMA_REGISTRY_USER_INFO", "EP_SCHEMA_REGISTRY_AUTO_REGISTER");
    }

    @Test
    void shouldDropInheritedRegistryAccessSettingsWhenAnyComponentStarts() {
        // given: a launcher started from a shell that had other registry settings
        Map<String, String> inherited = new HashMap<>(Map.of(
                "EP_REGISTRY_ALLOW_ANONYMOUS_WRITES", "true", "EP_REGISTRY_WRITERS", "x:y",
                "EP_SCHEMA_REGISTRY_USER_INFO", "someone:else", "EP_SCHEMA_REGISTRY_AUTO_REGISTER", "false"));
        Map<String, String> service = new HashMap<>(inherited);

        // when
        spec(Catalog.SCHEMA_REGISTRY).applyEnvironment(inherited);
        spec(new Component("assignment-service", Component.Kind.SERVICE, 8080, Optional.empty()))
                .applyEnvironment(service);

        // then
        assertThat(inherited).doesNotContainKeys("EP_REGISTRY_ALLOW_ANONYMOUS_WRITES", "EP_REGISTRY_WRITERS",
                "EP_SCHEMA_REGISTRY_USER_INFO", "EP_SCHEMA_REGISTRY_AUTO_REGISTER");
        assertThat(service).doesNotContainKeys("EP_REGISTRY_ALLOW_ANONYMOUS_WRITES", "EP_REGISTRY_WRITERS")
                .containsEntry("EP_SCHEMA_REGISTRY_USER_INFO", "ep-platform:s3cret")
                .containsEntry("EP_SCHEMA_REGISTRY_AUTO_REGISTER", "true");
    }

    @Test
    void shouldBindEveryComponentToLoopbackWhenTheLauncherInheritedAnotherAddress() {
        for (Component component : Catalog.components()) {
            // given the launcher itself was started with a wildcard address and dev tokens off
            Map<String, String> inherited = new HashMap<>(Map.of("SERVER_ADDRESS", "0.0.0.0",
                    "EP_CONFIG_DEV_TOKENS", "false"));

            // when
            spec(component).applyEnvironment(inherited);

            // then: server.address (Spring Boot's relaxed binding of SERVER_ADDRESS) is loopback for every one
            assertThat(inherited).as(component.name()).containsEntry("SERVER_ADDRESS", "127.0.0.1");
            if (component.name().equals("config-service")) {
                assertThat(inherited).containsEntry("EP_CONFIG_DEV_TOKENS", "true");
            } else {
                assertThat(inherited).as(component.name()).doesNotContainKey("EP_CONFIG_DEV_TOKENS");
            }
        }
    }

    @Test
    void shouldSayDevTokensAndLoopbackWhenSummarising() {
        assertThat(ComponentProcesses.localNotes()).anySatisfy(line -> assertThat(line)
                .contains("dev-admin-token", "EP_CONFIG_DEV_TOKENS=true"));
        assertThat(ComponentProcesses.localNotes()).anySatisfy(line -> assertThat(line)
                .contains("reporting-service", "EP_REPORTING_DEV_TOKENS=true"));
        assertThat(ComponentProcesses.localNotes()).anySatisfy(line -> assertThat(line).contains("127.0.0.1"));
    }

    @Test
    void shouldDropInheritedPostgresSettingsWhenComponentOwnsNoDatabase() {
        // given the launcher itself was started with an external server
        Map<String, String> inherited = new HashMap<>(Map.of(
                "EP_POSTGRES_URL", "jdbc:postgresql://db:5432/postgres", "EP_POSTGRES_PASSWORD", "secret",
                "PORT", "1", "JAVA_HOME", "/jdk", "EP_FEATURE_FLAG", "on"));
        ProcessSpec spec = spec(new Component("assignment-service", Component.Kind.SERVICE, 8080, Optional.empty()));

        // when
        spec.applyEnvironment(inherited);

        // then
        assertThat(inherited).doesNotContainKeys("EP_POSTGRES_URL", "EP_POSTGRES_USER", "EP_POSTGRES_PASSWORD");
        assertThat(inherited).containsEntry("PORT", "8080")
                .containsEntry("JAVA_HOME", "/jdk")
                .containsEntry("EP_FEATURE_FLAG", "on");
    }

    @Test
    void shouldPointHealthAtActuatorOnLoopbackWhenComponentHasAPort() {
        // given
        Component registry = Catalog.SCHEMA_REGISTRY;

        // then
        Instance instance = new Ports(0, 1).instances(registry).get(0);
        assertThat(ComponentProcesses.baseUrl(instance)).isEqualTo("http://127.0.0.1:8081");
        assertThat(ComponentProcesses.healthUrl(instance)).isEqualTo("http://127.0.0.1:8081/actuator/health");
    }

    @Test
    void shouldGiveEachInstanceItsOwnPortDataAndNameWhenSeveralRunOnMovedPorts() {
        // given two instances each, every port moved by 10000, a shared token key
        Ports ports = new Ports(10_000, 2);
        ComponentProcesses.Endpoints endpoints = new ComponentProcesses.Endpoints("127.0.0.1:19092",
                "http://127.0.0.1:18081", new PostgresEndpoint("jdbc:postgresql://127.0.0.1:64329/postgres",
                "postgres", ""), "ep-platform:s3cret", ports, Optional.of("a2V5"));
        Component assignment = Catalog.service("assignment-service").orElseThrow();
        Component reporting = Catalog.service("reporting-service").orElseThrow();

        // when
        ProcessSpec second = instanceSpec(ports.instances(assignment).get(1), endpoints);
        ProcessSpec first = instanceSpec(ports.instances(assignment).get(0), endpoints);
        ProcessSpec reportingSecond = instanceSpec(ports.instances(reporting).get(1), endpoints);
        ProcessSpec console = instanceSpec(ports.instances(Catalog.service("console").orElseThrow()).get(0), endpoints);

        // then
        assertThat(second.name()).isEqualTo("assignment-service-2");
        assertThat(second.environment()).containsEntry("PORT", "18280")
                .containsEntry("EP_ASSIGNMENT_DATA_DIR", Path.of("/repo/.ep-data/assignment-service-2")
                        .toAbsolutePath().toString())
                .containsEntry("EP_EXPOSURE_TOKEN_SECRET", "a2V5");
        assertThat(first.name()).isEqualTo("assignment-service");
        assertThat(first.environment()).containsEntry("PORT", "18180")
                .containsEntry("EP_ASSIGNMENT_DATA_DIR", Path.of("/repo/.ep-data/assignment-service")
                        .toAbsolutePath().toString())
                .containsEntry("EP_EXPOSURE_TOKEN_SECRET", "a2V5");
        assertThat(reportingSecond.name()).isEqualTo("reporting-service-2");
        assertThat(reportingSecond.environment()).containsEntry("PORT", "18284")
                .containsEntry("EP_REPORTING_STATE_DIR", Path.of("/repo/.ep-data/reporting-service-2/state")
                        .toAbsolutePath().toString())
                .containsEntry("EP_REPORTING_CONFIG_SERVICE_URL", "http://127.0.0.1:18082")
                .containsEntry("EP_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:64329/reporting");
        // the console reaches assignment through its front, the other two through their first instance
        assertThat(console.environment()).containsEntry("PORT", "18085")
                .containsEntry("EP_CONSOLE_ASSIGNMENT_URL", "http://127.0.0.1:18080")
                .containsEntry("EP_CONSOLE_REPORTING_URL", "http://127.0.0.1:18184")
                .containsEntry("EP_CONSOLE_INGEST_URL", "http://127.0.0.1:18183")
                .containsEntry("EP_CONSOLE_CONFIG_URL", "http://127.0.0.1:18082");
    }

    @Test
    void shouldLeaveTheTokenKeyToTheServiceWhenOneInstanceRuns() {
        // when
        ProcessSpec spec = spec(Catalog.service("assignment-service").orElseThrow());

        // then: a single instance keeps its own key file in its data directory
        assertThat(spec.environment()).doesNotContainKey("EP_EXPOSURE_TOKEN_SECRET")
                .containsEntry("PORT", "8080");
    }

    private static ProcessSpec instanceSpec(Instance instance, ComponentProcesses.Endpoints endpoints) {
        return ComponentProcesses.spec(instance, Path.of("/repo/x/target/x-exec.jar"), endpoints, "/jdk/bin/java",
                List.of(), Path.of("/repo"), Path.of("/repo/.ep-data"), Path.of("/repo/.ep-data/logs/x.log"));
    }
}
