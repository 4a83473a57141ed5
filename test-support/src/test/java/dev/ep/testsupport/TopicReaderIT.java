package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class TopicReaderIT {

    @Test
    void shouldReadEveryPartitionFromTheBeginningWithHeadersWhenRecordsWereProducedBeforeItOpened() throws Exception {
        // given: three records on two partitions, one with a header
        String topic = TestPlatform.uniqueTopic("reader");
        TestPlatform.kafka().createTopic(topic, 2);
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, 0, "a", "1")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 1, "b", "2")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(topic, 1, null, "c", "3",
                    new RecordHeaders().add("why", "test".getBytes(StandardCharsets.UTF_8)))).get(30, TimeUnit.SECONDS);
        }

        // when / then: decoded, all of them, the header kept
        try (TopicReader<String, String> reader = TopicReader.of(TestPlatform.kafka().bootstrapServers(), topic,
                new StringDeserializer(), new StringDeserializer())) {
            assertThat(reader.readAtLeast(3)).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("1", "2", "3");
            ConsumerRecord<String, String> c = reader.await(r -> "c".equals(r.key()));
            assertThat(new String(c.headers().lastHeader("why").value(), StandardCharsets.UTF_8)).isEqualTo("test");
            assertThat(reader.valuesOf("b")).containsExactly("2");
        }
        // and raw bytes
        try (TopicReader<byte[], byte[]> raw = TopicReader.raw(TestPlatform.kafka().bootstrapServers(), topic)) {
            assertThat(raw.await(r -> "a".equals(new String(r.key(), StandardCharsets.UTF_8))).value())
                    .isEqualTo("1".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldReturnWhatItReadWithoutFailingWhenFewerRecordsArriveThanAskedFor() {
        String topic = TestPlatform.uniqueTopic("reader-empty");
        TestPlatform.kafka().createTopic(topic, 1);
        try (TopicReader<byte[], byte[]> raw = TopicReader.raw(TestPlatform.kafka().bootstrapServers(), topic)) {
            assertThat(raw.readUpTo(1, Duration.ofMillis(300))).isEmpty();
            assertThatThrownBy(() -> raw.readUntil(records -> !records.isEmpty(), Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining(topic);
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestPlatform.kafka().bootstrapServers()), new StringSerializer(), new StringSerializer());
    }
}
