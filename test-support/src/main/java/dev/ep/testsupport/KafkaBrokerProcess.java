package dev.ep.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in its own JVM, on loopback ports fixed at creation, that a test or benchmark can stop
 * ({@link #stop()}, SIGTERM) or kill ({@link #kill()}, SIGKILL) as an outage and {@link #startAgain() start again} on
 * the same ports and data directory. The shared {@link TestPlatform#kafka()} broker cannot be stopped without
 * disturbing other tests; this one belongs to its owner. It runs {@code kafka.Kafka} from the Kafka jars already on
 * the caller's classpath (spring-kafka-test brings them), with the settings of {@link EmbeddedKafkaServer} (no
 * auto-creation, replication 1 for the internal topics). Logs go to files in its temporary directory.
 */
public final class KafkaBrokerProcess implements KafkaServer {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Formats a fresh data directory and starts the broker; returns once it answers an Admin request. */
    public static KafkaBrokerProcess start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kafka-broker-process");
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, freePort(), freePort());
        broker.configure();
        broker.startProcess();
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The broker's own log file (its stdout and stderr), for a failure message. */
    public Path logFile() {
        return dir.resolve("stdout.log");
    }

    /** Whether the broker process runs. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the broker cleanly (SIGTERM, then SIGKILL after 30 s). */
    public void stop() throws InterruptedException {
        if (running()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    /** Kills the broker at once (SIGKILL: no controlled shutdown, nothing flushed), as a crash or a lost host. */
    public void kill() throws InterruptedException {
        if (running()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Starts the stopped or killed broker again on the same ports and data; returns once it answers. */
    public void startAgain() throws IOException, InterruptedException {
        if (running()) {
            throw new IllegalStateException("the broker at " + bootstrapServers() + " still runs");
        }
        startProcess();
    }

    /** Stops it (if running) and starts it again on the same ports and data. */
    public void restart() throws IOException, InterruptedException {
        stop();
        startProcess();
    }

    private void configure() throws IOException, InterruptedException {
        String controller = "127.0.0.1:" + controllerPort;
        Map<String, String> settings = new TreeMap<>(EmbeddedKafkaServer.BROKER_PROPERTIES);
        settings.putAll(Map.of(
                "process.roles", "broker,controller",
                "node.id", "1",
                "controller.quorum.bootstrap.servers", controller,
                "listeners", "PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller,
                "advertised.listeners", "PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller,
                "inter.broker.listener.name", "PLAINTEXT",
                "controller.listener.names", "CONTROLLER",
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs", dir.resolve("data").toString()));
        List<String> lines = settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        Files.write(dir.resolve("server.properties"), lines, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="file" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d %%-5level %%logger{36} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="file"/></root>
                </configuration>
                """.formatted(dir.resolve("broker.log")), StandardCharsets.UTF_8);
        Process format = new ProcessBuilder(command("kafka.tools.StorageTool", "format", "--standalone",
                "--ignore-formatted", "-t", Uuid.randomUuid().toString(), "-c",
                dir.resolve("server.properties").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IOException("formatting Kafka storage failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    private void startProcess() throws IOException, InterruptedException {
        process = new ProcessBuilder(command("kafka.Kafka", dir.resolve("server.properties").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (true) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    kill();
                    throw new IOException("Kafka did not start; see " + logFile(), e);
                }
                Thread.sleep(200);
            }
        }
    }

    private List<String> command(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"), "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left behind at worst
        }
    }

    @Override
    public String toString() {
        return "Kafka broker process at " + bootstrapServers();
    }
}
