package dev.ep.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@link Component} into the process that runs it: {@code java -jar <exec jar>} with the platform's
 * endpoints passed through the shared environment variables every service reads.
 */
final class ComponentProcesses {

    static final String ENV_KAFKA = "EP_KAFKA_BOOTSTRAP_SERVERS";
    static final String ENV_REGISTRY = "EP_SCHEMA_REGISTRY_URL";
    static final String ENV_POSTGRES_URL = "EP_POSTGRES_URL";
    static final String ENV_POSTGRES_USER = "EP_POSTGRES_USER";
    static final String ENV_POSTGRES_PASSWORD = "EP_POSTGRES_PASSWORD";
    static final String ENV_PORT = "PORT";
    /** Spring Boot's {@code server.address}: every local service listens on loopback only. */
    static final String ENV_SERVER_ADDRESS = "SERVER_ADDRESS";
    /** config-service accepts its public development tokens only with this set (config-service/README.md). */
    static final String ENV_CONFIG_DEV_TOKENS = "EP_CONFIG_DEV_TOKENS";

    /** Settings a single component gets on the local platform, on top of the shared ones. */
    static final Map<String, Map<String, String>> LOCAL_SETTINGS =
            Map.of("config-service", Map.of(ENV_CONFIG_DEV_TOKENS, "true"));

    /** Variables the launcher decides per process; whatever the launcher itself inherited for them is dropped. */
    static final Set<String> MANAGED_ENVIRONMENT =
            Set.of(ENV_KAFKA, ENV_REGISTRY, ENV_POSTGRES_URL, ENV_POSTGRES_USER, ENV_POSTGRES_PASSWORD, ENV_PORT,
                    ENV_SERVER_ADDRESS, ENV_CONFIG_DEV_TOKENS);

    /** The shared endpoints handed to every component. */
    record Endpoints(String kafkaBootstrapServers, String schemaRegistryUrl, PostgresEndpoint postgres) {
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
        env.put(ENV_SERVER_ADDRESS, Catalog.LOOPBACK);
        env.put(ENV_KAFKA, endpoints.kafkaBootstrapServers());
        env.put(ENV_REGISTRY, endpoints.schemaRegistryUrl());
        component.database().ifPresent(db -> {
            env.put(ENV_POSTGRES_URL, endpoints.postgres().urlFor(db));
            env.put(ENV_POSTGRES_USER, endpoints.postgres().username());
            env.put(ENV_POSTGRES_PASSWORD, endpoints.postgres().password());
        });
        env.putAll(LOCAL_SETTINGS.getOrDefault(component.name(), Map.of()));
        return new ProcessSpec(component.name(), command, env, MANAGED_ENVIRONMENT, workingDir, logFile);
    }

    /** What the start summary says about the local-only settings, one line each. */
    static List<String> localNotes() {
        return List.of("config-service accepts the public development tokens dev-owner-token, dev-admin-token and "
                + "dev-viewer-token (" + ENV_CONFIG_DEV_TOKENS + "=true): for this machine only.",
                "Every service listens on " + Catalog.LOOPBACK + " only.");
    }

    static String baseUrl(Component component) {
        return "http://" + Catalog.LOOPBACK + ":" + component.port();
    }

    static String healthUrl(Component component) {
        return baseUrl(component) + "/actuator/health";
    }
}
