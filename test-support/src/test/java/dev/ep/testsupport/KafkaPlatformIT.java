package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaPlatformIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldDeliverRecordWhenProducedToUniqueTopic() throws Exception {
        // given
        KafkaServer kafka = TestPlatform.kafka();
        String topic = TestPlatform.uniqueTopic("round-trip");
        kafka.createTopic(topic, 1);

        // when
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, "key-1", "hello")).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        // then
        List<ConsumerRecord<String, String>> received = consumeAtLeast(topic, 1, Map.of());
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("key-1");
            assertThat(record.value()).isEqualTo("hello");
        });
    }

    @Test
    void shouldCommitTransactionWhenBrokerHasSingleNode() {
        // given
        KafkaServer kafka = TestPlatform.kafka();
        String topic = TestPlatform.uniqueTopic("transactions");
        kafka.createTopic(topic, 1);
        Map<String, Object> transactional = Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestPlatform.uniqueTopic("tx"),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);

        // when
        try (KafkaProducer<String, String> producer = producer(transactional)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        // then
        List<ConsumerRecord<String, String>> received =
                consumeAtLeast(topic, 1, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        assertThat(received).extracting(ConsumerRecord::value).containsExactly("committed");
    }

    @Test
    void shouldNotCreateTopicWhenClientAsksForUnknownOne() throws Exception {
        // given
        KafkaServer kafka = TestPlatform.kafka();
        String topic = TestPlatform.uniqueTopic("never-created");

        // when
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, true))) {
            assertThat(consumer.partitionsFor(topic, TIMEOUT)).isEmpty();
        }

        // then
        try (Admin admin = kafka.admin()) {
            assertThat(admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void shouldUseOnePartitionWhenTopicIsCreatedWithDefaults() throws Exception {
        // given
        KafkaServer kafka = TestPlatform.kafka();
        String topic = TestPlatform.uniqueTopic("defaults");

        // when
        kafka.createTopics(new org.apache.kafka.clients.admin.NewTopic(topic, java.util.Optional.empty(), java.util.Optional.empty()));

        // then
        try (Admin admin = kafka.admin()) {
            var description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(topic);
            assertThat(description.partitions()).hasSize(1);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, TestPlatform.uniqueTopic("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        config.putAll(extra);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAtLeast(String topic, int count, Map<String, Object> extra) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(extra)) {
            consumer.subscribe(List.of(topic));
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= count;
            });
        }
        return received;
    }
}
