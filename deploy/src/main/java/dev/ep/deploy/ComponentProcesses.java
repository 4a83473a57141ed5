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
    /** Spring Boot's {@code server.address}: every local service listens on loopback only. */
    static final String ENV_SERVER_ADDRESS = "SERVER_ADDRESS";
    /** config-service accepts its public development tokens only with this set (config-service/README.md). */
    static final String ENV_CONFIG_DEV_TOKENS = "EP_CONFIG_DEV_TOKENS";
    /** event-ingest accepts the development viewer token for its timeline only with this set (event-ingest/README.md). */
    static final String ENV_INGEST_DEV_TOKENS = "EP_INGEST_DEV_TOKENS";
    /** reporting-service accepts the development tokens for its API only with this set (reporting-service/README.md). */
    static final String ENV_REPORTING_DEV_TOKENS = "EP_REPORTING_DEV_TOKENS";
    /** reporting-service reads event-ingest's database for reconciliation (reporting-service/README.md). */
    static final String ENV_REPORTING_INGEST_URL = "EP_REPORTING_INGEST_POSTGRES_URL";
    static final String ENV_REPORTING_INGEST_USER = "EP_REPORTING_INGEST_POSTGRES_USER";
    static final String ENV_REPORTING_INGEST_PASSWORD = "EP_REPORTING_INGEST_POSTGRES_PASSWORD";
    /** reporting-service's own identity at config-service (guardrail auto-pause): the token and its hash. */
    static final String ENV_REPORTING_CONFIG_TOKEN = "EP_REPORTING_CONFIG_SERVICE_TOKEN";
    static final String ENV_REPORTING_CONFIG_URL = "EP_REPORTING_CONFIG_SERVICE_URL";
    static final String ENV_CONFIG_REPORTING_TOKEN_HASH = "EP_CONFIG_REPORTING_TOKEN_SHA256";
    /** Generated once per start of the local platform, handed to reporting-service; config-service gets its hash. */
    static final String REPORTING_SERVICE_TOKEN = newToken();
    /** The database reporting-service reconciles against: event-ingest's. */
    static final String INGEST_DATABASE = "event_ingest";
    /**
     * reporting-service's Kafka Streams state (RocksDB stores "units" and "arms"): under the data dir, so a restart
     * reuses it instead of restoring every store from its changelog topic (reporting-service/README.md).
     */
    static final String ENV_REPORTING_STATE_DIR = "EP_REPORTING_STATE_DIR";
    /**
     * event-ingest's Parquet archive of closed days (event-ingest/README.md, "Archive"): under the data dir, one
     * directory shared by every event-ingest instance (its archive job runs one at a time across instances).
     */
    static final String ENV_INGEST_ARCHIVE_DIR = "EP_INGEST_ARCHIVE_DIR";
    /** assignment-service answers /v1/explain without an API key only with this set (assignment-service/README.md). */
    static final String ENV_ASSIGNMENT_EXPLAIN_ENABLED = "EP_ASSIGNMENT_EXPLAIN_ENABLED";
    /** assignment-service's journal, snapshot and token key: one directory per instance. */
    static final String ENV_ASSIGNMENT_DATA_DIR = "EP_ASSIGNMENT_DATA_DIR";
    /**
     * The exposure-token key. Instances behind one front must share it (a token issued by one is presented to
     * another); a single instance keeps its own key file instead (assignment-service/README.md).
     */
    static final String ENV_EXPOSURE_TOKEN_SECRET = "EP_EXPOSURE_TOKEN_SECRET";

    /** The console's upstreams (console/README.md): the services' local base URLs. */
    static final Map<String, String> CONSOLE_UPSTREAMS = Map.of("EP_CONSOLE_CONFIG_URL", "config-service",
            "EP_CONSOLE_REPORTING_URL", "reporting-service", "EP_CONSOLE_ASSIGNMENT_URL", "assignment-service",
            "EP_CONSOLE_INGEST_URL", "event-ingest");

    /** Settings a single component gets on the local platform (loopback only, development), on top of the shared ones. */
    static final Map<String, Map<String, String>> LOCAL_SETTINGS = Map.of(
            "config-service", Map.of(ENV_CONFIG_DEV_TOKENS, "true"),
            "event-ingest", Map.of(ENV_INGEST_DEV_TOKENS, "true"),
            "reporting-service", Map.of(ENV_REPORTING_DEV_TOKENS, "true"),
            "assignment-service", Map.of(ENV_ASSIGNMENT_EXPLAIN_ENABLED, "true"));

    /** Variables the launcher decides per process; whatever the launcher itself inherited for them is dropped. */
    static final Set<String> MANAGED_ENVIRONMENT = Set.of(ENV_KAFKA, ENV_REGISTRY, ENV_POSTGRES_URL, ENV_POSTGRES_USER,
            ENV_POSTGRES_PASSWORD, ENV_PORT, ENV_REGISTRY_WRITER, ENV_REGISTRY_USER_INFO, ENV_AUTO_REGISTER,
            ENV_REGISTRY_WRITERS, ENV_REGISTRY_ANONYMOUS_WRITES, ENV_SERVER_ADDRESS, ENV_CONFIG_DEV_TOKENS,
            ENV_INGEST_DEV_TOKENS, ENV_REPORTING_DEV_TOKENS, ENV_ASSIGNMENT_EXPLAIN_ENABLED, ENV_REPORTING_INGEST_URL,
            ENV_REPORTING_INGEST_USER, ENV_REPORTING_INGEST_PASSWORD, ENV_REPORTING_CONFIG_TOKEN,
            ENV_REPORTING_CONFIG_URL, ENV_CONFIG_REPORTING_TOKEN_HASH, ENV_REPORTING_STATE_DIR, ENV_ASSIGNMENT_DATA_DIR,
            ENV_INGEST_ARCHIVE_DIR,
            "EP_CONSOLE_CONFIG_URL", "EP_CONSOLE_REPORTING_URL", "EP_CONSOLE_ASSIGNMENT_URL", "EP_CONSOLE_INGEST_URL");

    /**
     * The shared endpoints handed to every component.
     *
     * @param registryWriter      {@code user:password} of the registry's one writer on the local platform
     * @param ports               where every component listens
     * @param sharedTokenSecret   the exposure-token key every assignment instance gets, when several run (empty: each
     *                            keeps its own key file, or the secret the launcher inherited applies to all)
     */
    record Endpoints(String kafkaBootstrapServers, String schemaRegistryUrl, PostgresEndpoint postgres,
                     String registryWriter, Ports ports, java.util.Optional<String> sharedTokenSecret) {

        /** The default ports, one instance each. */
        Endpoints(String kafkaBootstrapServers, String schemaRegistryUrl, PostgresEndpoint postgres,
                  String registryWriter) {
            this(kafkaBootstrapServers, schemaRegistryUrl, postgres, registryWriter, new Ports(0, 1),
                    java.util.Optional.empty());
        }
    }

    private ComponentProcesses() {
    }

    /**
     * The process of one component.
     *
     * @param dataDir the platform's data dir: a service that keeps local state gets its own directory under it
     */
    static ProcessSpec spec(Component component, Path jar, Endpoints endpoints, String java, List<String> jvmOptions,
                            Path workingDir, Path dataDir, Path logFile) {
        return spec(new Instance(component, 1, endpoints.ports().port(component)), jar, endpoints, java, jvmOptions,
                workingDir, dataDir, logFile);
    }

    /**
     * The process of one instance of a component: its own port, and its own directory under the data dir where it
     * keeps local state.
     */
    static ProcessSpec spec(Instance instance, Path jar, Endpoints endpoints, String java, List<String> jvmOptions,
                            Path workingDir, Path dataDir, Path logFile) {
        Component component = instance.component();
        Ports ports = endpoints.ports();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());

        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENV_PORT, Integer.toString(instance.port()));
        env.put(ENV_SERVER_ADDRESS, Catalog.LOOPBACK);
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
        if (component.name().equals("reporting-service")) {
            env.put(ENV_REPORTING_INGEST_URL, endpoints.postgres().urlFor(INGEST_DATABASE));
            env.put(ENV_REPORTING_INGEST_USER, endpoints.postgres().username());
            env.put(ENV_REPORTING_INGEST_PASSWORD, endpoints.postgres().password());
            env.put(ENV_REPORTING_CONFIG_TOKEN, REPORTING_SERVICE_TOKEN);
            env.put(ENV_REPORTING_STATE_DIR, reportingStateDir(dataDir, instance).toString());
            env.put(ENV_REPORTING_CONFIG_URL, ports.baseUrl(Catalog.service("config-service").orElseThrow()));
        }
        if (component.name().equals("assignment-service")) {
            env.put(ENV_ASSIGNMENT_DATA_DIR, instanceDir(dataDir, instance).toString());
            endpoints.sharedTokenSecret().ifPresent(secret -> env.put(ENV_EXPOSURE_TOKEN_SECRET, secret));
        }
        if (component.name().equals("event-ingest")) {
            env.put(ENV_INGEST_ARCHIVE_DIR, ingestArchiveDir(dataDir).toString());
        }
        if (component.name().equals("console")) {
            CONSOLE_UPSTREAMS.forEach((variable, service) -> env.put(variable,
                    ports.baseUrl(Catalog.service(service).orElseThrow())));
        }
        if (component.name().equals("config-service")) {
            env.put(ENV_CONFIG_REPORTING_TOKEN_HASH, sha256(REPORTING_SERVICE_TOKEN));
        }
        env.putAll(LOCAL_SETTINGS.getOrDefault(component.name(), Map.of()));
        return new ProcessSpec(instance.name(), command, env, MANAGED_ENVIRONMENT, workingDir, logFile);
    }

    /** What the start summary says about the local-only settings, one line each. */
    static List<String> localNotes() {
        return List.of("config-service accepts the public development tokens dev-owner-token, dev-admin-token and "
                + "dev-viewer-token (" + ENV_CONFIG_DEV_TOKENS + "=true): for this machine only.",
                "reporting-service accepts dev-viewer-token, dev-owner-token and dev-admin-token ("
                        + ENV_REPORTING_DEV_TOKENS + "=true): for this machine only.",
                "event-ingest's timeline accepts dev-viewer-token (" + ENV_INGEST_DEV_TOKENS + "=true) and "
                        + "assignment-service answers /v1/explain without an API key (" + ENV_ASSIGNMENT_EXPLAIN_ENABLED
                        + "=true): for this machine only.",
                "Every service listens on " + Catalog.LOOPBACK + " only.");
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    static String sha256(String token) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where an instance of reporting-service keeps its Kafka Streams state on the local platform. */
    static Path reportingStateDir(Path dataDir, Instance instance) {
        return instanceDir(dataDir, instance).resolve("state");
    }

    /** event-ingest's archive directory under the data dir. */
    static Path ingestArchiveDir(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolve("event-ingest").resolve("archive");
    }

    /** {@code <data dir>/<instance name>}: {@code assignment-service}, {@code assignment-service-2}, ... */
    static Path instanceDir(Path dataDir, Instance instance) {
        return dataDir.toAbsolutePath().normalize().resolve(instance.name());
    }

    static String baseUrl(Instance instance) {
        return "http://" + Catalog.LOOPBACK + ":" + instance.port();
    }

    static String healthUrl(Instance instance) {
        return baseUrl(instance) + "/actuator/health";
    }

    /** assignment-service's readiness: UP once caught up with the configuration (what the front routes on). */
    static String readinessUrl(Instance instance) {
        return baseUrl(instance) + "/actuator/health/readiness";
    }
}
