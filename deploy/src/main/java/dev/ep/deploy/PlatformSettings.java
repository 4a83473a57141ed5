package dev.ep.deploy;

import dev.ep.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Everything the launcher reads from its environment, resolved once at start.
 *
 * @param home             the repository root (module directories, {@code deploy/target/kafka-libs})
 * @param dataDir          all state and logs: {@code kafka/}, {@code postgres/}, {@code logs/}, {@code run/}
 * @param externalPostgres an existing server to use instead of the embedded one
 * @param startTimeout     how long one start stage may take before the platform gives up
 * @param kafkaJvmOptions  JVM options of the broker process
 * @param serviceJvmOptions JVM options of every registry/service process
 * @param controlJvmOptions JVM options of the control-plane components only ({@link Catalog#CONTROL_PLANE}), before
 *                          {@code serviceJvmOptions} (so a flag given there wins)
 * @param eventPartitions  partitions of the event and dead-letter topics when the platform creates them
 * @param ports            every port of the platform: the defaults moved by {@code EP_PORT_OFFSET}, and the
 *                         instance ports of {@code --instances N}
 */
record PlatformSettings(Path home, Path dataDir, Optional<PostgresEndpoint> externalPostgres, Duration startTimeout,
                        List<String> kafkaJvmOptions, List<String> serviceJvmOptions, List<String> controlJvmOptions,
                        int eventPartitions, Ports ports) {

    static final String ENV_HOME = "EP_HOME";
    static final String ENV_DATA_DIR = "EP_DATA_DIR";
    static final String ENV_POSTGRES_URL = "EP_POSTGRES_URL";
    static final String ENV_POSTGRES_USER = "EP_POSTGRES_USER";
    static final String ENV_POSTGRES_PASSWORD = "EP_POSTGRES_PASSWORD";
    static final String ENV_START_TIMEOUT = "EP_START_TIMEOUT_SECONDS";
    static final String ENV_KAFKA_JVM_OPTS = "EP_KAFKA_JAVA_OPTS";
    static final String ENV_SERVICE_JVM_OPTS = "EP_SERVICE_JAVA_OPTS";
    static final String ENV_CONTROL_JVM_OPTS = "EP_CONTROL_JAVA_OPTS";
    static final String ENV_EVENT_PARTITIONS = "EP_KAFKA_EVENT_PARTITIONS";
    static final String ENV_PORT_OFFSET = "EP_PORT_OFFSET";

    static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(180);
    static final String DEFAULT_KAFKA_JVM_OPTS = "-Xms256m -Xmx1g";
    /**
     * The control plane (registry, config-service, console) answers a few requests a second at most, so its JVMs
     * compile with C1 only and collect with the serial collector: on the 2-core machine their C2 compiler threads
     * took 17-22 CPU-seconds each and kept compiling under the data path's load (deploy/README.md, "JVM options").
     */
    static final String DEFAULT_CONTROL_JVM_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    PlatformSettings {
        home = home.toAbsolutePath().normalize();
        dataDir = dataDir.toAbsolutePath().normalize();
        Objects.requireNonNull(externalPostgres, "externalPostgres");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("start timeout must be positive, was " + startTimeout);
        }
        kafkaJvmOptions = List.copyOf(kafkaJvmOptions);
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        controlJvmOptions = List.copyOf(controlJvmOptions);
        if (eventPartitions < 1) {
            throw new IllegalArgumentException(ENV_EVENT_PARTITIONS + " must be at least 1, was " + eventPartitions);
        }
        Objects.requireNonNull(ports, "ports");
    }

    /** The same settings with {@code instances} of each scalable service ({@code --instances N}). */
    PlatformSettings withInstances(int instances) {
        return new PlatformSettings(home, dataDir, externalPostgres, startTimeout, kafkaJvmOptions, serviceJvmOptions,
                controlJvmOptions, eventPartitions, new Ports(ports.offset(), instances));
    }

    /**
     * Reads the settings; {@code workingDir} resolves relative paths and is the home when {@code EP_HOME} is unset
     * (the {@code platform} script runs from the repository root and sets both anyway).
     */
    static PlatformSettings fromEnvironment(Map<String, String> env, Path workingDir) {
        Path home = value(env, ENV_HOME).map(workingDir::resolve).orElse(workingDir);
        Path dataDir = value(env, ENV_DATA_DIR).map(workingDir::resolve).orElse(home.resolve(".ep-data"));
        Optional<PostgresEndpoint> external = value(env, ENV_POSTGRES_URL).map(url -> new PostgresEndpoint(url,
                value(env, ENV_POSTGRES_USER).orElse("postgres"), env.getOrDefault(ENV_POSTGRES_PASSWORD, "")));
        Duration timeout = value(env, ENV_START_TIMEOUT).map(s -> {
            try {
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_START_TIMEOUT + " must be a number of seconds, was '" + s + "'");
            }
        }).orElse(DEFAULT_START_TIMEOUT);
        int partitions = value(env, ENV_EVENT_PARTITIONS).map(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_EVENT_PARTITIONS + " must be a whole number, was '" + s + "'");
            }
        }).orElse(Topics.DEFAULT_EVENT_PARTITIONS);
        int offset = value(env, ENV_PORT_OFFSET).map(s -> {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ENV_PORT_OFFSET + " must be a whole number (e.g. 20000), was '"
                        + s + "'");
            }
        }).orElse(0);
        return new PlatformSettings(home, dataDir, external, timeout,
                words(value(env, ENV_KAFKA_JVM_OPTS).orElse(DEFAULT_KAFKA_JVM_OPTS)),
                words(value(env, ENV_SERVICE_JVM_OPTS).orElse("")),
                words(Optional.ofNullable(env.get(ENV_CONTROL_JVM_OPTS)).orElse(DEFAULT_CONTROL_JVM_OPTS)),
                partitions, new Ports(offset, 1));
    }

    /**
     * The JVM options of a registry or service process: a control-plane component's own first, then those of every
     * service (the JVM takes the last of two conflicting flags, so {@code EP_SERVICE_JAVA_OPTS} wins).
     */
    List<String> jvmOptions(Component component) {
        if (!Catalog.CONTROL_PLANE.contains(component.name())) {
            return serviceJvmOptions;
        }
        return Stream.concat(controlJvmOptions.stream(), serviceJvmOptions.stream()).toList();
    }

    Path logsDir() {
        return dataDir.resolve("logs");
    }

    Path runDir() {
        return dataDir.resolve("run");
    }

    Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    Path kafkaLibs() {
        return home.resolve("deploy").resolve("target").resolve("kafka-libs");
    }

    /** The directory {@code ./platform restart} drops its requests in and reads the launcher's answers from. */
    Path controlDir() {
        return runDir().resolve("control");
    }

    /** A service instance's own directory (assignment's journal and snapshot, reporting's state). */
    Path instanceDir(Instance instance) {
        return dataDir.resolve(instance.name());
    }

    /** The registry writer's {@code user:password}, readable by its owner only. */
    Path registryCredentialsFile() {
        return dataDir.resolve("credentials").resolve("schema-registry-writer");
    }

    Path logFile(String processName) {
        return logsDir().resolve(processName + ".log");
    }

    private static Optional<String> value(Map<String, String> env, String key) {
        return Optional.ofNullable(env.get(key)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static List<String> words(String s) {
        return Arrays.stream(s.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
