package dev.ep.assignment.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in its own JVM on fixed ports chosen at creation, so a test can stop it (as an outage)
 * and start it again on the same ports and data directory. Uses the Kafka jars already on the test classpath.
 * The shared TestPlatform broker cannot be stopped without disturbing other tests; this one belongs to one test.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    static KafkaBrokerProcess start() throws Exception {
        Path dir = Files.createTempDirectory("assignment-kafka");
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, freePort(), freePort());
        broker.configure();
        broker.startProcess();
        return broker;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 30 s). */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    /** Starts it again on the same ports and data. */
    void restart() throws Exception {
        stop();
        startProcess();
    }

    private void configure() throws Exception {
        String controller = "127.0.0.1:" + controllerPort;
        List<String> lines = List.of(
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.bootstrap.servers=" + controller,
                "listeners=PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + bootstrapServers() + ",CONTROLLER://" + controller,
                "inter.broker.listener.name=PLAINTEXT", "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"), "num.partitions=1", "default.replication.factor=1",
                "min.insync.replicas=1", "offsets.topic.replication.factor=1", "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1", "share.coordinator.state.topic.min.isr=1",
                "auto.create.topics.enable=false", "group.initial.rebalance.delay.ms=0");
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
            throw new IOException("formatting Kafka storage failed: " + Files.readString(dir.resolve("format.log")));
        }
    }

    private void startProcess() throws Exception {
        process = new ProcessBuilder(command("kafka.Kafka", dir.resolve("server.properties").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (true) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IOException("Kafka did not start; see " + dir.resolve("stdout.log"), e);
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

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
