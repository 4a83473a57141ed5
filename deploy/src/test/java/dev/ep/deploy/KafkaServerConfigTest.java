package dev.ep.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaServerConfigTest {

    private static Properties parse(String rendered) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(rendered));
        return properties;
    }

    @Test
    void shouldRenderCombinedKraftNodeOnLoopbackWhenRendered() throws Exception {
        // given
        KafkaServerConfig config = new KafkaServerConfig("127.0.0.1", 9092, 9093, Path.of("/data/ep/kafka/data"));

        // when
        Properties p = parse(config.render());

        // then
        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:9093");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(p.getProperty("log.dirs")).isEqualTo(Path.of("/data/ep/kafka/data").toAbsolutePath().toString());
    }

    @Test
    void shouldUseReplicationFactorOneAndNoAutoCreationWhenSingleNode() throws Exception {
        // given
        KafkaServerConfig config = new KafkaServerConfig("127.0.0.1", 19092, 19093, Path.of("/tmp/k"));

        // when
        Properties p = parse(config.render());

        // then
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("share.coordinator.state.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("min.insync.replicas")).isEqualTo("1");
        assertThat(p.getProperty("default.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("false");
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void shouldKeepBackslashesInPathsWhenReadBackAsProperties() throws Exception {
        // given a Windows-looking directory name
        KafkaServerConfig config = new KafkaServerConfig("127.0.0.1", 9092, 9093, Path.of("/tmp/a\\b"));

        // when
        Properties p = parse(config.render());

        // then
        assertThat(p.getProperty("log.dirs")).endsWith("a\\b");
    }

    @Test
    void shouldRejectConfigWhenBrokerAndControllerShareAPort() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KafkaServerConfig("127.0.0.1", 9092, 9092, Path.of("/tmp/k")))
                .withMessageContaining("different ports");
    }

    @Test
    void shouldRejectConfigWhenPortIsOutOfRange() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KafkaServerConfig("127.0.0.1", 0, 9093, Path.of("/tmp/k")))
                .withMessageContaining("brokerPort");
    }
}
