package dev.ep.assignment.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.assignment.core.AssignmentRequest;
import dev.ep.assignment.events.EventPublisher;
import dev.ep.assignment.events.OutboundEvent;
import dev.ep.assignment.events.SpillJournal;
import dev.ep.assignment.snapshot.ConfigFeed;
import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import dev.ep.schemas.Topics;
import dev.ep.schemas.serde.AvroSerializer;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts of the service's parts: the configuration survives on disk, the journal drains after a restart. */
class RestartIT {

    @TempDir
    Path dir;

    @Test
    void shouldServeTheLastKnownConfigurationFromDiskWhenRestartedWithKafkaUnreachable() throws Exception {
        // given: a feed that caught up with real Kafka and wrote its snapshot file
        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        Path file = dir.resolve("config-snapshot.avro");
        long sequence;
        try (ConfigRecords config = new ConfigRecords(kafka, registry)) {
            config.send(ConfigRecords.layer("restart-layer"));
            sequence = config.send(ConfigRecords.snapshot(ConfigRecords.experiment("restart-exp", "restart-layer",
                    10_000, "control", 5_000, "b", 5_000).build(), 2));
        }
        AssignmentRequest request = new AssignmentRequest("s-restart", null, null, Map.of());
        String treatment;
        try (ConfigFeed feed = feed(kafka, registry, file)) {
            feed.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> feed.current().version() >= sequence);
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file));
            treatment = treatmentOf(feed, request);
        }

        // when: restarted with Kafka unreachable
        try (ConfigFeed restarted = feed("127.0.0.1:" + closedPort(), registry, file)) {
            restarted.start();

            // then: the same configuration is served, marked as coming from disk and not caught up
            ConfigFeed.State state = restarted.state();
            assertThat(state.source()).isEqualTo(ConfigFeed.Source.DISK);
            assertThat(state.caughtUp()).isFalse();
            assertThat(state.version()).isGreaterThanOrEqualTo(sequence);
            assertThat(treatmentOf(restarted, request)).isEqualTo(treatment);
        }
    }

    @Test
    void shouldDrainANonEmptyJournalWhenThePublisherRestartsWithKafkaBack() throws Exception {
        String kafka = TestPlatform.kafka().bootstrapServers();
        String registry = TestPlatform.registry().url();
        ConfigRecords.provision(kafka);
        Path journalDir = dir.resolve("journal");
        List<String> ids = new ArrayList<>();

        // given: a publisher whose Kafka is unreachable journals everything it is given, and is shut down
        try (EventPublisher down = publisher("127.0.0.1:" + closedPort(), registry, journalDir)) {
            for (int i = 0; i < 30; i++) {
                String id = "restart-" + UUID.randomUUID();
                ids.add(id);
                down.publish(OutboundEvent.tracking(TrackingEvent.newBuilder().setEventId(id)
                        .setTime(Instant.now()).setReceivedTime(Instant.now()).setSessionId("restart-session")
                        .setType(TrackingType.PAGE_VIEW).build()));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> down.journal().pendingEntries() == ids.size());
        }

        // when: the service starts again with Kafka reachable
        try (EventPublisher up = publisher(kafka, registry, journalDir);
             TopicReader<String, TrackingEvent> events = AvroTopics.reader(kafka, registry, Topics.EVENTS.name())) {
            // then: the journal drains, in order, and every event is in Kafka
            await().atMost(Duration.ofSeconds(60)).until(() -> up.journal().pendingEntries() == 0);
            events.awaitValue(r -> r.value().getEventId().equals(ids.get(0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> events.valuesOf("restart-session").stream()
                    .map(TrackingEvent::getEventId).toList().containsAll(ids));
            // one key, one partition: Kafka holds them in the order they were published (copies only repeat an id)
            List<String> delivered = events.valuesOf("restart-session").stream().map(TrackingEvent::getEventId)
                    .filter(ids::contains).distinct().toList();
            assertThat(delivered).containsExactlyElementsOf(ids);
        }
    }

    private static ConfigFeed feed(String kafka, String registry, Path file) {
        Map<String, Object> common = Map.of("bootstrap.servers", kafka, "schema.registry.url", registry);
        return ConfigFeed.create(common, common, Map.of("bootstrap.servers", kafka), 6, file, Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private static EventPublisher publisher(String kafka, String registry, Path journalDir) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000);
        config.put("schema.registry.url", registry);
        return new EventPublisher(new KafkaProducer<String, SpecificRecord>(config),
                new SpillJournal(journalDir, 1 << 20, Clock.systemUTC()), 1_000, Duration.ofSeconds(10),
                Duration.ofMillis(20), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private static String treatmentOf(ConfigFeed feed, AssignmentRequest request) {
        return feed.current().assign(request).assigned().stream()
                .filter(a -> a.experimentId().equals("restart-exp")).findFirst().orElseThrow().treatment().name();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
