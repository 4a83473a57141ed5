package dev.ep.assignment.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to Kafka without ever blocking a request thread, and without losing them when Kafka is away.
 *
 * <ul>
 *   <li>{@link #publish} (the request thread) only offers the event to a bounded in-memory queue: it never calls the
 *       producer and never touches the journal, so a request never waits on Kafka or on the disk. When the queue is
 *       full (the sender cannot even journal: a disk stalled for seconds) the event is dropped and counted
 *       ({@code ep_events_lost_total{reason="queue_full"}}), health is DOWN and one ERROR is logged per episode, the
 *       same drop-and-count policy as the journal's size cap.</li>
 *   <li>One sender thread takes events from the queue and calls {@code producer.send} (idempotent, {@code acks=all}).
 *       A send that fails (broker unreachable past {@code delivery.timeout.ms}, buffer full past
 *       {@code max.block.ms}, registry unreachable) appends the event to the journal and switches to spilling.</li>
 *   <li>While the journal is not empty, new events go to the journal too (so nothing overtakes what was spilled),
 *       and the sender drains it in order: it sends the head alone and waits for the broker's acknowledgement (a
 *       cheap probe while Kafka is down, retried with back-off up to 5 s), then the rest of a batch, acknowledging
 *       the journal up to the first failure. Once the journal is empty, it sends directly again. Every wait of the
 *       sender (for an acknowledgement, a back-off) longer than 50 ms journals what is published meanwhile, so the
 *       queue never fills because Kafka is slow or away. While Kafka takes the drain and the journal's rest fits in one
 *       batch, new events wait in the queue (they are newer) instead of being journaled, so a publisher under steady
 *       load gets back to direct sends instead of spilling until the next lull.</li>
 *   <li>When a direct send fails, the sender waits until every direct send still in flight has its outcome (failed
 *       ones are journaled by their callbacks, in send order) before it journals queued events, so events reach the
 *       journal in the order they were published. Meanwhile (up to {@code delivery.timeout.ms}) it takes published
 *       events off the queue and holds them in memory, in order, encoded (at most {@code 10 × queueCapacity}; beyond
 *       that bound they are journaled at once, ahead of the unresolved sends: the order then differs, nothing is
 *       lost, one WARN per episode).</li>
 *   <li>At shutdown the producer is closed (events it could not deliver come back through their callbacks into the
 *       journal), then the queue is moved to the journal. A restart drains a non-empty journal first.</li>
 * </ul>
 *
 * <p>What a SIGKILL of the service can lose: the events in the queue ({@code queueCapacity}), those held behind
 * unresolved sends ({@code 10 × queueCapacity}) and those in the producer's buffer ({@code buffer.memory}), none of
 * which is on disk; an operating-system crash also loses the journal's last {@code fsync-interval}.
 *
 * <p>Delivery is at least once: an event is sent again only when a previous attempt's outcome was unknown (failed
 * callback, or a later record of the same drain batch failed); the copy carries the same event id.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final int DRAIN_BATCH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How often a waiting sender looks at the queue and the awaited outcome. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** A wait of the sender longer than this journals what is published meanwhile. */
    private static final long JOURNAL_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Events held in memory behind unresolved direct sends, per event of queue capacity. */
    static final int HELD_PER_QUEUED = 10;

    /** An event taken off the queue and encoded, waiting to be journaled behind unresolved sends. */
    private record Held(OutboundEvent.Kind kind, String eventId, byte[] payload) {
    }

    private final Producer<String, SpecificRecord> producer;
    private final SpillJournal journal;
    private final BlockingQueue<OutboundEvent> queue;
    /** Taken from the queue while direct sends ahead of them were unresolved (sender thread only), in order. */
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final int heldCapacity;
    /** While spilling, the sender journals the queue once it is half full (or the journal is far behind). */
    private final int halfQueue;
    private final AtomicInteger heldCount = new AtomicInteger();
    private final Duration ackTimeout;
    private final Thread sender;
    private final ScheduledExecutorService syncer;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<OutboundEvent.Kind, Counter> emitted = new EnumMap<>(OutboundEvent.Kind.class);
    private final Counter spilled;
    private final Counter drained;
    private final Counter lostJournalFull;
    private final Counter lostJournalError;
    private final Counter lostUndecodable;
    private final Counter lostQueueFull;
    /** The queue was found full by a publisher: events are dropped; one ERROR per episode, health DOWN. */
    private final AtomicBoolean queueRefusing = new AtomicBoolean();
    /** Held events outgrew their bound in this episode and were journaled ahead of unresolved sends (one WARN). */
    private boolean heldOverflowed;
    /** The journal refused the last append (full or failing): health DOWN, one ERROR per such outage. */
    private final AtomicBoolean journalRefusing = new AtomicBoolean();
    /** The sender loop hit an unexpected error: one ERROR until an iteration succeeds again. */
    private boolean loopFailing;
    private volatile boolean spilling;
    /** The last drain batch delivered something: Kafka takes events (sender thread only). */
    private boolean lastDrainDelivered;
    private volatile boolean running = true;

    /**
     * @param ackTimeout     how long a drain waits for one acknowledgement (≥ the producer's delivery.timeout.ms)
     * @param fsyncInterval  the journal's group-commit interval
     */
    public EventPublisher(Producer<String, SpecificRecord> producer, SpillJournal journal, int queueCapacity,
            Duration ackTimeout, Duration fsyncInterval, MeterRegistry meters, Clock clock) {
        this.producer = producer;
        this.journal = journal;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.heldCapacity = HELD_PER_QUEUED * queueCapacity;
        this.halfQueue = Math.max(1, queueCapacity / 2);
        this.ackTimeout = ackTimeout;
        for (OutboundEvent.Kind kind : OutboundEvent.Kind.values()) {
            emitted.put(kind, Counter.builder("ep.events.emitted").tag("topic", kind.topic())
                    .description("Events acknowledged by Kafka").register(meters));
        }
        this.spilled = Counter.builder("ep.events.spilled").description("Events appended to the spill journal")
                .register(meters);
        this.drained = Counter.builder("ep.events.drained").description("Journal events delivered to Kafka")
                .register(meters);
        this.lostJournalFull = lostCounter(meters, "journal_full");
        this.lostJournalError = lostCounter(meters, "journal_error");
        this.lostUndecodable = lostCounter(meters, "undecodable");
        this.lostQueueFull = lostCounter(meters, "queue_full");
        Gauge.builder("ep.events.lost.unreadable", journal, SpillJournal::unreadableEntries)
                .description("Journaled events found unreadable (damaged frames) since the start").register(meters);
        Gauge.builder("ep.events.journal.max.bytes", journal, SpillJournal::maxBytes)
                .description("Size cap of the spill journal").register(meters);
        Gauge.builder("ep.events.queued", queue, BlockingQueue::size)
                .description("Events waiting in memory for the sender").register(meters);
        Gauge.builder("ep.events.held", heldCount, AtomicInteger::get)
                .description("Events held in memory behind unresolved sends, to be journaled in order").register(meters);
        Gauge.builder("ep.events.journal.entries", journal, SpillJournal::pendingEntries)
                .description("Events in the spill journal").register(meters);
        Gauge.builder("ep.events.journal.bytes", journal, SpillJournal::pendingBytes)
                .description("Bytes in the spill journal").register(meters);
        Gauge.builder("ep.events.journal.oldest.age", journal, j -> j.oldest()
                        .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0).orElse(0.0))
                .baseUnit("seconds").description("Age of the oldest event in the spill journal").register(meters);
        this.spilling = journal.pendingEntries() > 0;
        this.sender = new Thread(this::run, "event-sender");
        this.sender.setDaemon(true);
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journal-fsync");
            t.setDaemon(true);
            return t;
        });
        this.syncer.scheduleWithFixedDelay(journal::sync, fsyncInterval.toMillis(), fsyncInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        this.sender.start();
    }

    private static Counter lostCounter(MeterRegistry meters, String reason) {
        return Counter.builder("ep.events.lost").tag("reason", reason)
                .description("Events that could be neither sent nor journaled (journal full or failing), or not read "
                        + "back").register(meters);
    }

    /**
     * Never blocks, never calls the producer, never touches the journal: queues the event, or drops and counts it when
     * the queue is full. Only once {@link #close} has begun (no sender any more) is the event journaled directly.
     */
    public void publish(OutboundEvent event) {
        if (!running) {
            spill(event);
        } else if (!queue.offer(event)) {
            lostQueueFull.increment();
            if (queueRefusing.compareAndSet(false, true)) {
                LOG.error("LOST {} {}: the event queue is full ({} events; the sender cannot journal them fast "
                        + "enough); dropping and counting events (ep_events_lost_total, reason queue_full) until it "
                        + "has room again", event.kind(), event.eventId(), queue.size());
            }
        }
    }

    public boolean spilling() {
        return spilling;
    }

    public int queued() {
        return queue.size();
    }

    /** Events taken off the queue and held in memory behind unresolved sends. */
    public int held() {
        return heldCount.get();
    }

    /** Whether the last event offered found the queue full (and was dropped) and the queue has not emptied since. */
    public boolean queueRefusing() {
        return queueRefusing.get();
    }

    public SpillJournal journal() {
        return journal;
    }

    /** Whether the journal refused the last event offered to it (full or failing); events are dropped meanwhile. */
    public boolean journalRefusing() {
        return journalRefusing.get();
    }

    /** Events dropped because the queue or the journal was full, or the journal failing, since the start. */
    public long lostEvents() {
        return (long) (lostJournalFull.count() + lostJournalError.count() + lostQueueFull.count());
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                if (queueRefusing.get() && queue.isEmpty() && queueRefusing.compareAndSet(true, false)) {
                    LOG.info("The event queue has room again; {} events were dropped so far", lostEvents());
                }
                if (!spilling) {
                    if (journal.pendingEntries() > 0) {
                        // spilled while the switch back to direct sends happened: drain it before anything newer
                        spilling = true;
                        continue;
                    }
                    OutboundEvent event = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (event != null && spilling) {
                        hold(event); // a send failed while waiting: this event goes to the journal behind it
                    } else if (event != null) {
                        sendDirect(event);
                    }
                    continue;
                }
                if (inFlight.get() > 0) {
                    // direct sends still unresolved: a failing one is journaled by its callback, so nothing queued
                    // after it may be journaled before it (at most delivery.timeout.ms); keep the queue moving
                    holdQueued();
                    continue;
                }
                journalHeld();
                if (!lastDrainDelivered || journal.pendingEntries() > DRAIN_BATCH || queue.size() >= halfQueue) {
                    // Kafka failing, far behind, or the queue filling: published events go to disk, behind the journal
                    moveQueueToJournal();
                }
                // else Kafka takes the drain and the journal's rest fits in one batch: drain it while newer events wait
                // in the queue, then send those directly (journaling them too would keep a steadily loaded publisher
                // spilling until the next lull)
                if (journal.pendingEntries() == 0) {
                    if (inFlight.get() == 0) {
                        spilling = false;
                        loopFailing = false;
                        heldOverflowed = false;
                        LOG.info("Spill journal drained; sending directly again");
                        if (journalRefusing.compareAndSet(true, false)) {
                            LOG.info("{} events were dropped while the spill journal refused them", lostEvents());
                        }
                    } else {
                        Thread.sleep(10);
                    }
                    continue;
                }
                lastDrainDelivered = drainBatch();
                if (lastDrainDelivered) {
                    backoff = Duration.ofMillis(100);
                    loopFailing = false;
                } else {
                    journalWhileWaiting(null, backoff.toNanos());
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!loopFailing) {
                    loopFailing = true; // once per outage; the next successful drain ends it
                    LOG.error("Event sender loop error; retrying every {}", MAX_BACKOFF, e);
                } else {
                    LOG.debug("Event sender loop error again: {}", e.toString());
                }
                try {
                    // e.g. an unreadable journal: no hot loop of errors, and published events still reach the journal
                    if (spilling && inFlight.get() == 0) {
                        journalWhileWaiting(null, MAX_BACKOFF.toNanos());
                    } else {
                        Thread.sleep(MAX_BACKOFF.toMillis());
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private void sendDirect(OutboundEvent event) {
        inFlight.incrementAndGet();
        try {
            producer.send(record(event), (metadata, e) -> {
                if (e == null) {
                    emitted.get(event.kind()).increment();
                } else {
                    logFailure(event, e);
                    spill(event);
                }
                // only after the spill: the sender switches back to direct sends when nothing is in flight and the
                // journal is empty, which must not be seen between this send's end and its journal entry
                inFlight.decrementAndGet();
            });
        } catch (RuntimeException e) {
            logFailure(event, e);
            spill(event);
            inFlight.decrementAndGet();
        }
    }

    /** Once per outage at WARN (the first failure that starts spilling), every further one at DEBUG: no log flood. */
    private void logFailure(OutboundEvent event, Exception e) {
        if (spilling) {
            if (!LOG.isDebugEnabled()) {
                return; // called once per event in an outage: build no message
            }
            LOG.debug("Send of {} {} to {} failed ({}); journaled", event.kind(), event.eventId(), event.topic(),
                    e.toString());
        } else {
            LOG.warn("Send of {} {} to {} failed ({}); journaling events until Kafka takes them again", event.kind(),
                    event.eventId(), event.topic(), e.toString());
        }
    }

    /**
     * Journals the event. When the journal refuses it (the size cap: policy drop and count; or a disk fault), the event
     * is dropped and counted ({@code ep_events_lost_total{reason}}), health is DOWN, and one ERROR is logged per outage
     * (the first refusal), with an INFO when the journal takes events again.
     */
    private void spill(OutboundEvent event) {
        byte[] payload = encode(event);
        if (payload != null) {
            spill(event.kind(), event.eventId(), payload);
        }
    }

    /** The journal form, or {@code null} (counted as lost) when the event cannot be encoded. */
    private byte[] encode(OutboundEvent event) {
        try {
            return event.encode();
        } catch (RuntimeException e) {
            lostJournalError.increment();
            refused(event.kind(), event.eventId(), e);
            return null;
        }
    }

    private void spill(OutboundEvent.Kind kind, String eventId, byte[] payload) {
        try {
            journal.append(payload);
            spilled.increment();
            spilling = true;
            if (journalRefusing.compareAndSet(true, false)) {
                LOG.info("Spill journal takes events again; {} events were dropped so far", lostEvents());
            }
        } catch (SpillJournal.JournalFullException e) {
            lostJournalFull.increment();
            refused(kind, eventId, e);
        } catch (RuntimeException e) {
            lostJournalError.increment();
            refused(kind, eventId, e);
        }
    }

    private void refused(OutboundEvent.Kind kind, String eventId, RuntimeException e) {
        if (journalRefusing.compareAndSet(false, true)) {
            LOG.error("LOST {} {}: Kafka is unreachable and the spill journal refuses events ({}); dropping and "
                    + "counting them (ep_events_lost_total) until it takes them again", kind, eventId, e.toString());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("LOST {} {}: {}", kind, eventId, e.toString());
        }
    }

    /** Journals what is held, then what is queued, in that (publish) order. */
    private void moveQueueToJournal() {
        journalHeld();
        OutboundEvent event;
        while ((event = queue.poll()) != null) {
            spill(event);
        }
    }

    private static long waited(long since) {
        return System.nanoTime() - since;
    }

    private void journalHeld() {
        Held h;
        while ((h = held.poll()) != null) {
            heldCount.decrementAndGet();
            spill(h.kind(), h.eventId(), h.payload());
        }
    }

    /**
     * While direct sends are unresolved: takes published events off the queue (waiting a moment for one) and holds
     * them, encoded, in publish order, so the queue never fills. Beyond the bound they are journaled at once.
     */
    private void holdQueued() throws InterruptedException {
        OutboundEvent event = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
        while (event != null) {
            hold(event);
            event = queue.poll();
        }
    }

    private void hold(OutboundEvent event) {
        if (held.size() >= heldCapacity) {
            if (!heldOverflowed) {
                heldOverflowed = true;
                LOG.warn("{} events are held behind direct sends still unresolved; journaling further events ahead "
                        + "of them (their order differs, none is lost)", held.size());
            }
            spill(event);
            return;
        }
        byte[] payload = encode(event);
        if (payload != null) {
            held.add(new Held(event.kind(), event.eventId(), payload));
            heldCount.incrementAndGet();
        }
    }

    /**
     * Waits until {@code outcome} is done (or, when it is {@code null}, for the whole time), at most {@code nanos},
     * journaling what is published meanwhile once the wait passed 50 ms (a live broker acknowledges sooner, so a
     * successful drain journals nothing new) or the queue is half full. Only while spilling with nothing in flight, so those events belong behind the journal's.
     * Returns whether the outcome is done.
     */
    private boolean journalWhileWaiting(Future<?> outcome, long nanos) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + nanos;
        while (outcome == null || !outcome.isDone()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (waited(start) >= JOURNAL_AFTER_NANOS || queue.size() >= halfQueue) {
                moveQueueToJournal();
            }
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, POLL_NANOS))));
        }
        return true;
    }

    /** Sends the journal's head alone, then the rest of a batch; {@code true} when anything was delivered. */
    private boolean drainBatch() throws InterruptedException {
        List<SpillJournal.Entry> entries = journal.peek(DRAIN_BATCH);
        if (entries.isEmpty()) {
            return false; // counted but unreadable (the journal has now forgotten them): back off, never spin
        }
        List<OutboundEvent> events = new ArrayList<>(entries.size());
        for (SpillJournal.Entry entry : entries) {
            try {
                events.add(OutboundEvent.decode(entry.payload()));
            } catch (IllegalArgumentException e) {
                if (events.isEmpty()) {
                    LOG.error("Dropping an undecodable journal entry: {}", e.getMessage());
                    journal.acknowledge(1);
                    lostUndecodable.increment();
                    return true;
                }
                break;
            }
        }
        if (!sendAndWait(events.subList(0, 1))) {
            return false;
        }
        journal.acknowledge(1);
        drained.increment();
        emitted.get(events.get(0).kind()).increment();
        if (events.size() > 1) {
            List<OutboundEvent> rest = events.subList(1, events.size());
            int delivered = sendAndWaitPrefix(rest);
            if (delivered > 0) {
                journal.acknowledge(delivered);
                drained.increment(delivered);
                rest.subList(0, delivered).forEach(e -> emitted.get(e.kind()).increment());
            }
        }
        return true;
    }

    private boolean sendAndWait(List<OutboundEvent> events) throws InterruptedException {
        return sendAndWaitPrefix(events) == events.size();
    }

    /**
     * Sends all, waits for each in order (journaling what is published meanwhile); returns how many from the start
     * were acknowledged.
     */
    private int sendAndWaitPrefix(List<OutboundEvent> events) throws InterruptedException {
        List<Future<RecordMetadata>> futures = new ArrayList<>(events.size());
        try {
            for (OutboundEvent event : events) {
                futures.add(producer.send(record(event)));
            }
        } catch (RuntimeException e) {
            LOG.debug("Drain send failed at once: {}", e.toString());
        }
        int delivered = 0;
        for (Future<RecordMetadata> future : futures) {
            if (!journalWhileWaiting(future, ackTimeout.toNanos())) {
                LOG.debug("Drain send not acknowledged within {}", ackTimeout);
                break;
            }
            try {
                future.get();
                delivered++;
            } catch (ExecutionException e) {
                LOG.debug("Drain send not acknowledged: {}", e.getCause().toString());
                break;
            }
        }
        return delivered;
    }

    private static ProducerRecord<String, SpecificRecord> record(OutboundEvent event) {
        return new ProducerRecord<>(event.topic(), event.key(), event.value());
    }

    /**
     * Closes the producer first (sends in flight are delivered, or come back into the journal through their
     * callbacks), then moves what is still queued to the journal behind them, and fsyncs it.
     */
    @Override
    public void close() throws InterruptedException {
        running = false;
        sender.interrupt();
        sender.join(10_000);
        producer.close(Duration.ofSeconds(5));
        moveQueueToJournal();
        syncer.shutdownNow();
        journal.close();
    }
}
