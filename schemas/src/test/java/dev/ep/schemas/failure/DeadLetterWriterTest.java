package dev.ep.schemas.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class DeadLetterWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T07:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldKeepKeyValueAndSourcePartitionWhenTheDeadLetterTopicHasIt() throws Exception {
        // given: a dead-letter topic with 6 partitions
        MockProducer<byte[], byte[]> producer = producer(6);
        DeadLetterWriter writer = new DeadLetterWriter(producer, "ep.dlt.x", "x-consumer", CLOCK);

        // when
        Future<RecordMetadata> sent = writer.send(record("ep.events", 4), DeadLetterReason.VALIDATION,
                new IllegalArgumentException("blank id"));

        // then
        assertThat(sent.get().partition()).isEqualTo(4);
        ProducerRecord<byte[], byte[]> letter = producer.history().get(0);
        assertThat(letter.topic()).isEqualTo("ep.dlt.x");
        assertThat(letter.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(letter.value()).isEqualTo(new byte[] {0, 1, 2});
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.REASON)).contains("validation");
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.CONSUMER)).contains("x-consumer");
        assertThat(DeadLetterHeaders.read(letter.headers(), DeadLetterHeaders.TIME))
                .contains(Long.toString(CLOCK.millis()));
    }

    @Test
    void shouldLeaveThePartitionToThePartitionerWhenTheDeadLetterTopicHasFewer() {
        MockProducer<byte[], byte[]> producer = producer(2);
        new DeadLetterWriter(producer, "ep.dlt.x", "c", CLOCK).send(record("ep.events", 5), DeadLetterReason.DECODE,
                new RuntimeException("x"));
        assertThat(producer.history().get(0).partition()).isNull();
    }

    @Test
    void shouldReturnAFailedFutureNotThrowWhenKafkaRefusesTheSend() {
        // given: a producer whose send throws (buffer full, topic unknown after max.block.ms)
        MockProducer<byte[], byte[]> producer = producer(6);
        producer.sendException = new KafkaException("metadata not available");

        // when
        Future<RecordMetadata> sent = new DeadLetterWriter(producer, "ep.dlt.x", "c", CLOCK)
                .send(record("ep.events", 0), DeadLetterReason.DECODE, new RuntimeException("x"));

        // then
        assertThat(sent).isDone();
        assertThat(sent).failsWithin(java.time.Duration.ZERO).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(KafkaException.class);
    }

    private static MockProducer<byte[], byte[]> producer(int partitions) {
        Node node = new Node(0, "127.0.0.1", 9092);
        List<PartitionInfo> infos = java.util.stream.IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo("ep.dlt.x", p, node, new Node[] {node}, new Node[] {node}))
                .toList();
        Cluster cluster = new Cluster("c", List.of(node), infos, java.util.Set.of(), java.util.Set.of());
        return new MockProducer<>(cluster, true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition) {
        return new ConsumerRecord<>(topic, partition, 7L, "k".getBytes(StandardCharsets.UTF_8), new byte[] {0, 1, 2});
    }
}
