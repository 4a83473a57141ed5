package dev.ep.assignment.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ep.events.v1.TrackingEvent;
import dev.ep.events.v1.TrackingType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publisher's state machine. The interleavings of sends, callbacks and the sender thread are driven with Kafka's
 * own {@link MockProducer} (sends complete only when the test says so): a real broker cannot be made to fail one send
 * at a chosen moment. The real producer and broker are in {@code BrokerOutageIT} and {@code RestartIT}.
 */
class EventPublisherTest {

    @TempDir
    Path dir;

    @Test
    void shouldJournalEventsInPublishOrderWhenASendStillInFlightFailsAfterLaterEventsWereQueued() throws Exception {
        MockProducer<String, SpecificRecord> producer = mockProducer();
        try (EventPublisher publisher = publisher(producer)) {
            // given: a and b sent directly, not yet acknowledged
            publisher.publish(event("a"));
            publisher.publish(event("b"));
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);

            // when: a fails (the publisher switches to spilling) and c is published while b is still in flight
            producer.errorNext(new TimeoutException("a timed out"));
            publisher.publish(event("c"));

            // then: c waits behind b instead of overtaking it into the journal
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> publisher.journal().pendingEntries() == 1);

            // when: b fails too
            producer.errorNext(new TimeoutException("b timed out"));

            // then: the journal holds them in the order they were published
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.journal().pendingEntries() == 3);
            assertThat(publisher.journal().peek(3)).extracting(e -> OutboundEvent.decode(e.payload()).eventId())
                    .containsExactly("a", "b", "c");
        }
    }

    @Test
    void shouldDrainTheJournalWhenAnEntryArrivesWhileSendingDirectly() throws Exception {
        // given: a publisher sending directly (everything acknowledged at once)
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(),
                (topic, value) -> new byte[0]);
        try (EventPublisher publisher = publisher(producer)) {
            publisher.publish(event("direct"));
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
            assertThat(publisher.spilling()).isFalse();

            // when: an event is journaled just as the sender switched back to direct sends (a failed send's callback
            // or a full queue racing with the switch)
            publisher.journal().append(event("raced").encode());

            // then: it is drained, not left in the journal until the next outage or restart
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.journal().pendingEntries() == 0);
            assertThat(producer.history()).extracting(r -> ((TrackingEvent) r.value()).getEventId())
                    .containsExactly("direct", "raced");
            await().atMost(Duration.ofSeconds(10)).until(() -> !publisher.spilling());
        }
    }

    @Test
    void shouldLoseNothingWhenClosedWhileEventsAreQueuedOrInFlightAndKafkaIsUnreachable() throws Exception {
        // given: a real producer whose broker does not exist
        Map<String, Object> config = new HashMap<>();
        try (ServerSocket socket = new ServerSocket(0)) {
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + socket.getLocalPort());
        }
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, dev.ep.schemas.serde.AvroSerializer.class);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        config.put("schema.registry.url", "http://127.0.0.1:1");
        List<String> ids = IntStream.range(0, 50).mapToObj(i -> "e-" + i).toList();

        // when: events are published (fewer than the queue holds) and the publisher is closed at once
        try (EventPublisher publisher = publisher(new KafkaProducer<>(config))) {
            ids.forEach(id -> publisher.publish(event(id)));
        }

        // then: every one of them is in the journal on disk, in order
        try (SpillJournal reopened = new SpillJournal(dir, 1 << 20, Clock.systemUTC())) {
            assertThat(reopened.peek(1_000)).extracting(e -> OutboundEvent.decode(e.payload()).eventId())
                    .containsExactlyElementsOf(ids);
        }
    }

    @Test
    void shouldDropCountAndReportEventsWhenTheJournalIsFullAndRecoverWhenKafkaDrainsIt() throws Exception {
        // given: Kafka refuses every send, and the journal holds five events
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(),
                (topic, value) -> new byte[0]);
        producer.sendException = new TimeoutException("broker away");
        long frame = SpillJournal.HEADER + event("e-00").encode().length;
        SpillJournal journal = new SpillJournal(dir, 1 << 20, 5 * frame, Clock.systemUTC());
        try (EventPublisher publisher = new EventPublisher(producer, journal, 100, Duration.ofSeconds(30),
                Duration.ofMillis(20), new SimpleMeterRegistry(), Clock.systemUTC())) {

            // when
            IntStream.range(0, 20).forEach(i -> publisher.publish(event(String.format("e-%02d", i))));

            // then: the first five are journaled, the rest dropped and counted; the journal reports refusing
            await().atMost(Duration.ofSeconds(10)).until(() -> publisher.lostEvents() == 15);
            assertThat(publisher.journalRefusing()).isTrue();
            assertThat(journal.full()).isTrue();
            assertThat(journal.peek(10)).extracting(e -> OutboundEvent.decode(e.payload()).eventId())
                    .containsExactly("e-00", "e-01", "e-02", "e-03", "e-04");

            // when: Kafka is back
            producer.sendException = null;

            // then: the journal drains in order and the publisher stops reporting
            await().atMost(Duration.ofSeconds(30)).until(() -> journal.pendingEntries() == 0 && !publisher.spilling());
            assertThat(publisher.journalRefusing()).isFalse();
            assertThat(journal.full()).isFalse();
            assertThat(producer.history()).extracting(r -> ((TrackingEvent) r.value()).getEventId())
                    .containsExactly("e-00", "e-01", "e-02", "e-03", "e-04");
        }
    }

    private EventPublisher publisher(Producer<String, SpecificRecord> producer) throws Exception {
        return new EventPublisher(producer, new SpillJournal(dir, 1 << 20, Clock.systemUTC()), 100,
                Duration.ofSeconds(30), Duration.ofMillis(20), new SimpleMeterRegistry(), Clock.systemUTC());
    }

    private static MockProducer<String, SpecificRecord> mockProducer() {
        return new MockProducer<>(false, null, new StringSerializer(), (topic, value) -> new byte[0]);
    }

    private static OutboundEvent event(String id) {
        return OutboundEvent.tracking(TrackingEvent.newBuilder().setEventId(id).setTime(Instant.EPOCH)
                .setReceivedTime(Instant.EPOCH).setSessionId("s-1").setType(TrackingType.PAGE_VIEW).build());
    }
}
