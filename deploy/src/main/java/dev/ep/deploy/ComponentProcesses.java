package dev.ep.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link Component} into the process that runs it: {@code java -jar <exec jar>} with the platform's
 * endpoints passed through the shared environment variables every service reads. The registry gets its writer's
 * credentials; every service gets the same credentials to write with, and auto-registration on.
 */
final class ComponentProcesses {

    static final String ENV_KAFKA = "EP_KAFKA_BOOTSTRAP_SERVERS";
    static final String ENV_REGISTRY = "EP_SCHEMA_REGISTRY_URL";
    static final String ENV_POSTGRES_URL = "EP_POSTGRES_URL";
    static final String ENV_POSTGRES_USER = "EP_POSTGRES_USER";
    static final String ENV_POSTGRES_PASSWORD = "EP_POSTGRES_PASSWORD";
    static final String ENV_PORT = "PORT";
    /** The registry's writer, given to the registry (which hashes it) ... */
    static final String ENV_REGISTRY_WRITER = "EP_REGISTRY_WRITER_USER_INFO";
    /** ... and to every service, which sends it as basic auth. */
    static final String ENV_REGISTRY_USER_INFO = "EP_SCHEMA_REGISTRY_USER_INFO";
    /** On for the local platform's services: they register their schemas on first use (development). */
    static final String ENV_AUTO_REGISTER = "EP_SCHEMA_REGISTRY_AUTO_REGISTER";
    static final String ENV_REGISTRY_WRITERS = "EP_REGISTRY_WRITERS";
    static final String ENV_REGISTRY_ANONYMOUS_WRITES = "EP_REGISTRY_ALLOW_ANONYMOUS_WRITES";

    /** Variables the launcher decides per process; whatever the launcher itself inherited for them is dropped. */
    static final Set<String> MANAGED_ENVIRONMENT = Set.of(ENV_KAFKA, ENV_REGISTRY, ENV_POSTGRES_URL, ENV_POSTGRES_USER,
            ENV_POSTGRES_PASSWORD, ENV_PORT, ENV_REGISTRY_WRITER, ENV_REGISTRY_USER_INFO, ENV_AUTO_REGISTER,
            ENV_REGISTRY_WRITERS, ENV_REGISTRY_ANONYMOUS_WRITES);

    /**
     * The shared endpoints handed to every component.
     *
     * @param registryWriter {@code user:password} of the registry's one writer on the local platform
     */
    record Endpoints(String kafkaBootstrapServers, String schemaRegistryUrl, PostgresEndpoint postgres,
                     String registryWriter) {
    }

    private ComponentProcesses() {
    }

    static ProcessSpec spec(Component component, Path jar, Endpoints endpoints, String java, List<String> jvmOptions,
                            Path workingDir, Path logFile) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());

        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_PORT, Integer.toString(component.port()));
        env.put(ENV_KAFKA, endpoints.kafkaBootstrapServers());
        env.put(ENV_REGISTRY, endpoints.schemaRegistryUrl());
        if (component.kind() == Component.Kind.REGISTRY) {
            env.put(ENV_REGISTRY_WRITER, endpoints.registryWriter());
        } else {
            env.put(ENV_REGISTRY_USER_INFO, endpoints.registryWriter());
            env.put(ENV_AUTO_REGISTER, "true");
        }
        component.database().ifPresent(db -> {
            env.put(ENV_POSTGRES_URL, endpoints.postgres().urlFor(db));
            env.put(ENV_POSTGRES_USER, endpoints.postgres().username());
            env.put(ENV_POSTGRES_PASSWORD, endpoints.postgres().password());
        });
        return new ProcessSpec(component.name(), command, env, MANAGED_ENVIRONMENT, workingDir, logFile);
    }

    static String baseUrl(Component component) {
        return "http://" + Catalog.LOOPBACK + ":" + component.port();
    }

    static String healthUrl(Component component) {
        return baseUrl(component) + "/actuator/health";
    }
}
