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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
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
    void shouldSendDirectlyAgainUnderSteadyPublishingOnceTheJournalIsDrained() throws Exception {
        // given: a journal of three events to drain and a broker that acknowledges everything
        SpillJournal journal = new SpillJournal(dir, 1 << 20, Clock.systemUTC());
        for (String id : List.of("j-1", "j-2", "j-3")) {
            journal.append(event(id).encode());
        }
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(),
                (topic, value) -> new byte[0]);
        try (EventPublisher publisher = new EventPublisher(producer, journal, 100, Duration.ofSeconds(30),
                Duration.ofMillis(20), new SimpleMeterRegistry(), Clock.systemUTC())) {
            // when: events keep being published (never a lull)
            Thread storefront = new Thread(() -> {
                for (int i = 0; !Thread.currentThread().isInterrupted() && i < 1_000_000; i++) {
                    publisher.publish(event("s-" + i));
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            }, "storefront");
            storefront.start();
            try {
                // then: the journal drains and the publisher sends directly again while publishing goes on
                await().atMost(Duration.ofSeconds(30)).until(() -> !publisher.spilling()
                        && journal.pendingEntries() == 0);
                assertThat(storefront.isAlive()).isTrue();
            } finally {
                storefront.interrupt();
                storefront.join();
            }
            assertThat(producer.history()).extracting(r -> ((TrackingEvent) r.value()).getEventId())
                    .startsWith("j-1", "j-2", "j-3");
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

    // ------------------------------------------------------------------------------------------------ issue 9 §5:
    // the request thread never waits on Kafka or on the disk. No timing: each test proves which thread calls the
    // producer and the journal, with a producer and a disk that block forever, so a request path that touched either
    // would never return (and is caught in the act by the recorded caller threads).

    @Test
    void shouldNeitherCallTheProducerNorTouchTheJournalOnThePublishingThreadWhenKafkaAndTheDiskHang()
            throws Exception {
        // given: a producer whose send blocks forever, a disk whose writes block forever, a queue of 100
        CountDownLatch release = new CountDownLatch(1);
        HangingProducer producer = new HangingProducer(release);
        FaultyDisk disk = new FaultyDisk();
        disk.hang = release;
        try (EventPublisher publisher = new EventPublisher(producer, journal(disk), 100, Duration.ofSeconds(30),
                Duration.ofMillis(20), new SimpleMeterRegistry(), Clock.systemUTC())) {
            try {
                publisher.publish(event("first"));
                await().atMost(Duration.ofSeconds(10)).until(() -> !producer.callers.isEmpty()); // sender hangs there

                // when: a storefront thread publishes ten times what the queue holds
                Thread storefront = publishFromStorefront(publisher, 1_000);
                await().atMost(Duration.ofSeconds(30)).until(() -> !storefront.isAlive()
                        || disk.writers.contains(storefront) || producer.callers.contains(storefront));

                // then: it returned without calling either; what the queue could not take is dropped and counted
                assertThat(disk.writers).doesNotContain(storefront);
                assertThat(producer.callers).doesNotContain(storefront);
                storefront.join();
                assertThat(publisher.queued()).isEqualTo(100);
                assertThat(publisher.lostEvents()).isEqualTo(900);
                assertThat(publisher.queueRefusing()).isTrue();
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void shouldNotTouchTheJournalOnThePublishingThreadWhenKafkaRefusesAndTheDiskHangs() throws Exception {
        // given: Kafka refuses every send (the sender journals the event), and the disk hangs
        CountDownLatch release = new CountDownLatch(1);
        MockProducer<String, SpecificRecord> producer = new MockProducer<>(true, null, new StringSerializer(),
                (topic, value) -> new byte[0]);
        producer.sendException = new TimeoutException("broker away");
        FaultyDisk disk = new FaultyDisk();
        disk.hang = release;
        try (EventPublisher publisher = new EventPublisher(producer, journal(disk), 100, Duration.ofSeconds(30),
                Duration.ofMillis(20), new SimpleMeterRegistry(), Clock.systemUTC())) {
            try {
                publisher.publish(event("first"));
                await().atMost(Duration.ofSeconds(10)).until(() -> !disk.writers.isEmpty()); // sender hangs there

                // when
                Thread storefront = publishFromStorefront(publisher, 1_000);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !storefront.isAlive() || disk.writers.contains(storefront));

                // then
                assertThat(disk.writers).doesNotContain(storefront);
                storefront.join();
                assertThat(publisher.lostEvents()).isEqualTo(900);
            } finally {
                release.countDown();
            }
        }
    }

    private static Thread publishFromStorefront(EventPublisher publisher, int events) {
        Thread storefront = new Thread(() -> IntStream.range(0, events)
                .forEach(i -> publisher.publish(event("e-" + i))), "storefront");
        storefront.start();
        return storefront;
    }

    @Test
    void shouldKeepJournalingPublishedEventsOnTheSenderWhileADrainProbeAwaitsItsAcknowledgement() throws Exception {
        // given: a journaled event to drain, and a broker that never answers (the probe waits up to an hour)
        FaultyDisk disk = new FaultyDisk();
        SpillJournal journal = journal(disk);
        journal.append(event("spilled-before").encode());
        disk.writers.clear();
        MockProducer<String, SpecificRecord> producer = mockProducer();
        try (EventPublisher publisher = new EventPublisher(producer, journal, 10, Duration.ofHours(1),
                Duration.ofMillis(20), new SimpleMeterRegistry(), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1); // the probe

            // when: ten times the queue's capacity is published, each once the queue has room
            for (int i = 0; i < 100; i++) {
                await().atMost(Duration.ofSeconds(30)).until(() -> publisher.queued() < 10);
                publisher.publish(event(String.format("e-%03d", i)));
            }

            // then: the sender journaled them behind the spilled event while the probe waits (the queue holds the
            // rest, less than half of it); none was lost, the journal saw no other writer
            await().atMost(Duration.ofSeconds(30)).until(() -> journal.pendingEntries() + publisher.queued() == 101);
            assertThat(journal.pendingEntries()).isGreaterThanOrEqualTo(96);
            assertThat(publisher.lostEvents()).isZero();
            assertThat(disk.writers).extracting(Thread::getName).containsOnly("event-sender");
            assertThat(producer.history()).hasSize(1);
            assertThat(journal.peek(101)).extracting(e -> OutboundEvent.decode(e.payload()).eventId())
                    .startsWith("spilled-before", "e-000", "e-001");
        }
    }

    /** A producer whose every send blocks until released, recording the calling threads. */
    private static final class HangingProducer extends MockProducer<String, SpecificRecord> {
        final Set<Thread> callers = ConcurrentHashMap.newKeySet();
        private final CountDownLatch release;

        HangingProducer(CountDownLatch release) {
            super(true, null, new StringSerializer(), (topic, value) -> new byte[0]);
            this.release = release;
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, SpecificRecord> record,
                Callback callback) {
            callers.add(Thread.currentThread());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            return super.send(record, callback);
        }
    }

    private SpillJournal journal(FaultyDisk disk) throws Exception {
        return new SpillJournal(dir, 1 << 20, Long.MAX_VALUE, Clock.systemUTC(), disk);
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
