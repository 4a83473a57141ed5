package dev.ep.deploy;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the local platform runs and where: the default local ports ({@link Ports} moves them), the database each
 * application owns and which services {@code --instances N} runs N times.
 * A later service joins the platform by adding one line here.
 */
final class Catalog {

    static final String LOOPBACK = "127.0.0.1";
    static final int KAFKA_PORT = 9092;
    static final int KAFKA_CONTROLLER_PORT = 9093;
    static final int POSTGRES_PORT = 54329;

    static final Component SCHEMA_REGISTRY =
            new Component("schema-registry", Component.Kind.REGISTRY, 8081, Optional.of("schema_registry"));

    static final List<Component> SERVICES = List.of(
            new Component("config-service", Component.Kind.SERVICE, 8082, Optional.of("config_service")),
            new Component("assignment-service", Component.Kind.SERVICE, 8080, Optional.empty(),
                    Component.Scaling.FRONTED),
            new Component("event-ingest", Component.Kind.SERVICE, 8083, Optional.of("event_ingest"),
                    Component.Scaling.INSTANCES),
            new Component("reporting-service", Component.Kind.SERVICE, 8084, Optional.of("reporting"),
                    Component.Scaling.INSTANCES),
            new Component("console", Component.Kind.SERVICE, 8085, Optional.empty()));

    /**
     * The components off the data path: the storefront's traffic and the event stream never wait for them (services
     * read the registry's schemas once and cache them, assignment-service follows config-service through Kafka).
     * They get {@link PlatformSettings#DEFAULT_CONTROL_JVM_OPTS}.
     */
    static final Set<String> CONTROL_PLANE = Set.of("schema-registry", "config-service", "console");

    private Catalog() {
    }

    static Optional<Component> service(String name) {
        return SERVICES.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The registry first, then the services, in start order. */
    static List<Component> components() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(SCHEMA_REGISTRY), SERVICES.stream()).toList();
    }

    /** Every database some component owns, created at start when missing. */
    static List<String> databases() {
        return components().stream().flatMap(c -> c.database().stream()).distinct().toList();
    }
}
