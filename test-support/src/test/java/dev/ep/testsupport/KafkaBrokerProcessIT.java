package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerProcessIT {

    @Test
    void shouldKeepAcknowledgedRecordsAndItsAddressWhenKilledAndStartedAgain() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start()) {
            // given: an acknowledged record
            String address = broker.bootstrapServers();
            broker.createTopic("outage", 1);
            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>("outage", "k", "before")).get(30, TimeUnit.SECONDS);
            }

            // when: the broker is killed, it takes no record; started again, it does
            broker.kill();
            assertThat(broker.running()).isFalse();
            try (KafkaProducer<String, String> producer = producer(broker)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("outage", "k", "during"))
                        .get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            }
            broker.startAgain();
            try (KafkaProducer<String, String> producer = producer(broker)) {
                producer.send(new ProducerRecord<>("outage", "k", "after")).get(30, TimeUnit.SECONDS);
            }

            // then: same address, same data
            assertThat(broker.bootstrapServers()).isEqualTo(address);
            assertThat(read(broker, "outage", 2)).containsExactly("before", "after");
        }
    }

    private static KafkaProducer<String, String> producer(KafkaBrokerProcess broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000,
                ProducerConfig.LINGER_MS_CONFIG, 0));
    }

    private static List<String> read(KafkaBrokerProcess broker, String topic, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}
