package dev.ep.testsupport;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One combined broker/controller KRaft node in this JVM (spring-kafka-test's {@link EmbeddedKafkaKraftBroker} over
 * Kafka's own test kit), on a random loopback port with a temporary log directory.
 */
final class EmbeddedKafkaServer implements KafkaServer {

    /**
     * Single-node settings: every internal topic with replication 1 and min ISR 1 so consumer groups, idempotent
     * and transactional producers work; one partition for internal topics keeps their creation fast; no
     * auto-creation, so tests prove that the platform creates its own topics.
     */
    static final Map<String, String> BROKER_PROPERTIES = Map.ofEntries(
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("num.partitions", "1"),
            Map.entry("default.replication.factor", "1"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "1"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"));

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafkaServer(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static EmbeddedKafkaServer start() {
        QuietLogging.apply();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(BROKER_PROPERTIES);
        broker.afterPropertiesSet();
        return new EmbeddedKafkaServer(broker);
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }

    @Override
    public String toString() {
        return "embedded Kafka at " + bootstrapServers();
    }
}
