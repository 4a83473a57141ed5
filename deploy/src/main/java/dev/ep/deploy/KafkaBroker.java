package dev.ep.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.Uuid;

/**
 * The local KRaft broker as its own JVM, run from the Kafka jars in {@code deploy/target/kafka-libs}. Its directory
 * holds {@code server.properties}, {@code log4j2.xml}, {@code cluster.id} and the log dir {@code data/}; storage is
 * formatted on the first start only, so topics, offsets and records survive restarts.
 */
final class KafkaBroker {

    static final String MAIN_CLASS = "kafka.Kafka";
    static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(120);

    private final Path kafkaLibs;
    private final Path kafkaDir;
    private final KafkaServerConfig config;
    private final String java;
    private final List<String> jvmOptions;
    private final Path logFile;

    KafkaBroker(Path kafkaLibs, Path kafkaDir, String host, int brokerPort, int controllerPort, String java,
                List<String> jvmOptions, Path logFile) {
        this.kafkaLibs = kafkaLibs.toAbsolutePath();
        this.kafkaDir = kafkaDir.toAbsolutePath();
        this.config = new KafkaServerConfig(host, brokerPort, controllerPort, this.kafkaDir.resolve("data"));
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logFile = logFile;
    }

    /** What {@link #prepare()} found or did. */
    record Preparation(String clusterId, boolean formatted) {
    }

    String bootstrapServers() {
        return config.bootstrapServers();
    }

    Path dataDir() {
        return config.logDir();
    }

    /**
     * Writes the configuration, keeps (or on first start creates) the cluster id and formats the storage when the
     * log dir has never been formatted.
     */
    Preparation prepare() throws IOException, InterruptedException {
        requireKafkaLibs();
        Files.createDirectories(config.logDir());
        Files.writeString(serverProperties(), config.render(), StandardCharsets.UTF_8);
        try (InputStream log4j = KafkaBroker.class.getResourceAsStream("kafka-log4j2.xml")) {
            Files.write(log4jConfig(), log4j.readAllBytes());
        }
        String clusterId = clusterId();
        boolean format = !Files.exists(config.logDir().resolve("meta.properties"));
        if (format) {
            runStorageFormat(clusterId);
        }
        return new Preparation(clusterId, format);
    }

    /** The broker process; call {@link #prepare()} first. */
    ProcessSpec processSpec() {
        return new ProcessSpec("kafka", javaCommand(MAIN_CLASS, List.of(serverProperties().toString())), Map.of(),
                Set.of(), kafkaDir, logFile);
    }

    private void runStorageFormat(String clusterId) throws IOException, InterruptedException {
        List<String> args = List.of("format", "--standalone", "--ignore-formatted",
                "-t", clusterId, "-c", serverProperties().toString());
        ProcessSpec spec = new ProcessSpec("kafka-storage-format", javaCommand(STORAGE_TOOL, args), Map.of(), Set.of(),
                kafkaDir, logFile);
        ManagedProcess tool = ManagedProcess.start(spec);
        if (!tool.waitFor(FORMAT_TIMEOUT)) {
            tool.stop(Duration.ofSeconds(5));
            throw new IOException("formatting Kafka storage did not finish within " + FORMAT_TIMEOUT.toSeconds() + " s");
        }
        int exit = tool.exitCode().orElseThrow();
        if (exit != 0) {
            throw new IOException("formatting Kafka storage failed with exit code " + exit + ", see " + logFile);
        }
    }

    /** Kept in {@code cluster.id}; recovered from {@code meta.properties} if only that survived. */
    private String clusterId() throws IOException {
        Path idFile = kafkaDir.resolve("cluster.id");
        if (Files.exists(idFile)) {
            String id = Files.readString(idFile, StandardCharsets.UTF_8).strip();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = clusterIdFromMeta().orElseGet(() -> Uuid.randomUuid().toString());
        Files.writeString(idFile, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    private Optional<String> clusterIdFromMeta() throws IOException {
        Path meta = config.logDir().resolve("meta.properties");
        if (!Files.exists(meta)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return Optional.ofNullable(properties.getProperty("cluster.id"));
    }

    private List<String> javaCommand(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + log4jConfig().toUri());
        command.add("-cp");
        command.add(kafkaLibs + "/*");
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private void requireKafkaLibs() throws IOException {
        boolean present = Files.isDirectory(kafkaLibs);
        if (present) {
            try (var files = Files.list(kafkaLibs)) {
                present = files.anyMatch(f -> f.getFileName().toString().startsWith("kafka_2.13-"));
            }
        }
        if (!present) {
            throw new IOException("Kafka jars not found in " + kafkaLibs
                    + " (build them with ./mvnw -q -DskipTests -pl deploy -am package)");
        }
    }

    private Path serverProperties() {
        return kafkaDir.resolve("server.properties");
    }

    private Path log4jConfig() {
        return kafkaDir.resolve("log4j2.xml");
    }
}
