package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's infrastructure pieces against the real thing: a KRaft broker process from the Maven jars in
 * target/kafka-libs and embedded PostgreSQL, each on free ports in a temporary data dir, stopped and started again
 * on the same data dir. Every process started here is stopped after each test, whatever happened.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PlatformLauncherIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Path KAFKA_LIBS = Path.of(System.getProperty("ep.kafka.libs", "target/kafka-libs"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dataDir;

    private final List<ManagedProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (ManagedProcess process : processes) {
            process.stop(Duration.ofSeconds(30));
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    @Test
    void shouldKeepRecordsAndClusterIdWhenBrokerRestartsOnTheSameDataDir() throws Exception {
        // given a broker formatted and started on a fresh data dir, holding one record
        int brokerPort = freePort();
        int controllerPort = freePortOtherThan(brokerPort);
        KafkaBroker firstRun = broker(brokerPort, controllerPort);
        KafkaBroker.Preparation first = firstRun.prepare();
        ManagedProcess firstProcess = startHealthy(firstRun);
        String topic = "ep.it.restart";
        createTopic(firstRun.bootstrapServers(), topic);
        produce(firstRun.bootstrapServers(), topic, "session-1", "kept across restarts");

        // when it is stopped and started again on the same data dir
        boolean stoppedCleanly = firstProcess.stop(Duration.ofSeconds(60));
        KafkaBroker secondRun = broker(brokerPort, controllerPort);
        KafkaBroker.Preparation second = secondRun.prepare();
        startHealthy(secondRun);

        // then the storage was formatted once, the cluster is the same and the record is still there
        assertThat(stoppedCleanly).as("broker stops on SIGTERM within the grace period").isTrue();
        assertThat(first.formatted()).isTrue();
        assertThat(second.formatted()).isFalse();
        assertThat(second.clusterId()).isEqualTo(first.clusterId());
        assertThat(Files.readString(dataDir.resolve("kafka/cluster.id"), StandardCharsets.UTF_8).strip())
                .isEqualTo(first.clusterId());
        assertThat(readAll(secondRun.bootstrapServers(), topic)).containsExactly("session-1=kept across restarts");
    }

    @Test
    void shouldRefuseTopicAutoCreationWhenProducingToAnUnknownTopic() throws Exception {
        // given
        int brokerPort = freePort();
        KafkaBroker broker = broker(brokerPort, freePortOtherThan(brokerPort));
        broker.prepare();
        startHealthy(broker);

        // when
        try (Admin admin = admin(broker.bootstrapServers());
             KafkaProducer<String, String> producer = producer(broker.bootstrapServers(), 3000)) {
            var send = producer.send(new ProducerRecord<>("ep.it.never-created", "k", "v"));

            // then
            assertThat(send).failsWithin(Duration.ofSeconds(30));
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("ep.it.never-created");
        }
    }

    @Test
    void shouldKeepRowsAndDatabasesWhenEmbeddedPostgresRestartsOnTheSameDataDir() throws Exception {
        // given a fresh embedded server with one database holding one row
        int port = freePort();
        Path pgData = dataDir.resolve("postgres");
        Path log = dataDir.resolve("logs/postgres.log");
        PostgresRuntime.Embedded firstRun = PostgresRuntime.startEmbedded(pgData, port, log);
        closeables.add(firstRun);
        List<String> createdFirst = firstRun.ensureDatabases(List.of("it_kept"));
        execute(firstRun.endpoint(), "it_kept", "CREATE TABLE note (text varchar(40))",
                "INSERT INTO note VALUES ('kept across restarts')");

        // when it is stopped and started again on the same data dir
        firstRun.close();
        PostgresRuntime.Embedded secondRun = PostgresRuntime.startEmbedded(pgData, port, log);
        closeables.add(secondRun);
        List<String> createdSecond = secondRun.ensureDatabases(List.of("it_kept", "it_new"));

        // then
        assertThat(firstRun.reusedData()).isFalse();
        assertThat(secondRun.reusedData()).isTrue();
        assertThat(createdFirst).containsExactly("it_kept");
        assertThat(createdSecond).containsExactly("it_new");
        assertThat(secondRun.pid()).isPresent();
        assertThat(queryOne(secondRun.endpoint(), "it_kept", "SELECT text FROM note")).isEqualTo("kept across restarts");
    }

    private KafkaBroker broker(int brokerPort, int controllerPort) {
        return new KafkaBroker(KAFKA_LIBS, dataDir.resolve("kafka"), "127.0.0.1", brokerPort, controllerPort, JAVA,
                List.of("-Xms128m", "-Xmx512m"), dataDir.resolve("logs/kafka.log"));
    }

    private ManagedProcess startHealthy(KafkaBroker broker) throws Exception {
        ManagedProcess process = ManagedProcess.start(broker.processSpec());
        processes.add(process);
        HealthWaiter.Outcome outcome;
        try (KafkaHealthProbe probe = new KafkaHealthProbe(broker.bootstrapServers())) {
            outcome = HealthWaiter.realTime().await(
                    List.of(new HealthWaiter.Target("kafka", probe, process::exitCode)), START_TIMEOUT, () -> false,
                    new HealthWaiter.Listener() {
                        @Override
                        public void ready(String name, Duration after) {
                        }

                        @Override
                        public void stillWaiting(List<String> names, Duration elapsed) {
                        }
                    });
        }
        assertThat(outcome).as("broker health; log tail: %s",
                        LogTail.lastLines(dataDir.resolve("logs/kafka.log"), 40))
                .isInstanceOf(HealthWaiter.Ready.class);
        return process;
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static KafkaProducer<String, String> producer(String bootstrap, int maxBlockMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs),
                new StringSerializer(), new StringSerializer());
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void produce(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap, 30_000)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> readAll(String bootstrap, String topic) {
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    seen.add(record.key() + "=" + record.value());
                }
                return !seen.isEmpty();
            });
        }
        return seen;
    }

    private static void execute(PostgresEndpoint server, String database, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.urlFor(database), server.username(),
                server.password()); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static String queryOne(PostgresEndpoint server, String database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(server.urlFor(database), server.username(),
                server.password()); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freePortOtherThan(int taken) throws Exception {
        int port = freePort();
        return port != taken ? port : freePortOtherThan(taken);
    }
}
