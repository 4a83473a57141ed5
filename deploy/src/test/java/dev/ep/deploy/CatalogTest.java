package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {

    @Test
    void shouldStartRegistryBeforeServicesWhenListingComponents() {
        assertThat(Catalog.components().get(0)).isEqualTo(Catalog.SCHEMA_REGISTRY);
        assertThat(Catalog.components()).hasSize(1 + Catalog.SERVICES.size());
    }

    @Test
    void shouldUseTheAgreedFixedPortsWhenRunningLocally() {
        assertThat(Catalog.components()).extracting(Component::name, Component::port).containsExactly(
                org.assertj.core.groups.Tuple.tuple("schema-registry", 8081),
                org.assertj.core.groups.Tuple.tuple("config-service", 8082),
                org.assertj.core.groups.Tuple.tuple("assignment-service", 8080),
                org.assertj.core.groups.Tuple.tuple("event-ingest", 8083),
                org.assertj.core.groups.Tuple.tuple("reporting-service", 8084),
                org.assertj.core.groups.Tuple.tuple("console", 8085));
    }

    @Test
    void shouldNeverShareAPortWhenAllProcessesRun() {
        List<Integer> ports = new ArrayList<>(List.of(Catalog.KAFKA_PORT, Catalog.KAFKA_CONTROLLER_PORT,
                Catalog.POSTGRES_PORT));
        Catalog.components().forEach(c -> ports.add(c.port()));
        assertThat(ports).doesNotHaveDuplicates();
    }

    @Test
    void shouldCreateOneDatabasePerOwningComponentWhenPostgresStarts() {
        assertThat(Catalog.databases())
                .containsExactly("schema_registry", "config_service", "event_ingest", "reporting");
    }
}
