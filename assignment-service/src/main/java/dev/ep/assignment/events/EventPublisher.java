package dev.ep.assignment.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 *   <li>{@link #publish} only offers the event to a bounded in-memory queue; when the queue is full it appends the
 *       event to the {@link SpillJournal} instead. Either way it returns at once.</li>
 *   <li>One sender thread takes events from the queue and calls {@code producer.send} (idempotent, {@code acks=all}).
 *       A send that fails (broker unreachable past {@code delivery.timeout.ms}, buffer full past
 *       {@code max.block.ms}, registry unreachable) appends the event to the journal and switches to spilling.</li>
 *   <li>While the journal is not empty, new events go to the journal too (so nothing overtakes what was spilled),
 *       and the sender drains it in order: it sends the head alone and waits for the broker's acknowledgement (a
 *       cheap probe while Kafka is down, retried with back-off up to 5 s), then the rest of a batch, acknowledging
 *       the journal up to the first failure. Once the journal is empty, it sends directly again.</li>
 *   <li>When a direct send fails, the sender waits until every direct send still in flight has its outcome (failed
 *       ones are journaled by their callbacks, in send order) before it moves queued events to the journal, so events
 *       reach the journal in the order they were published. The one exception: a request thread that finds the queue
 *       full journals its event at once, ahead of the (older) queued ones.</li>
 *   <li>At shutdown the producer is closed (events it could not deliver come back through their callbacks into the
 *       journal), then the queue is moved to the journal. A restart drains a non-empty journal first.</li>
 * </ul>
 *
 * <p>Delivery is at least once: an event is sent again only when a previous attempt's outcome was unknown (failed
 * callback, or a later record of the same drain batch failed); the copy carries the same event id.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);
    private static final int DRAIN_BATCH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Producer<String, SpecificRecord> producer;
    private final SpillJournal journal;
    private final BlockingQueue<OutboundEvent> queue;
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
    /** The journal refused the last append (full or failing): health DOWN, one ERROR per such outage. */
    private final AtomicBoolean journalRefusing = new AtomicBoolean();
    /** The sender loop hit an unexpected error: one ERROR until an iteration succeeds again. */
    private boolean loopFailing;
    private volatile boolean spilling;
    /** Taken from the queue just as spilling began; journaled before the rest of the queue (sender thread only). */
    private OutboundEvent held;
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
        Gauge.builder("ep.events.lost.unreadable", journal, SpillJournal::unreadableEntries)
                .description("Journaled events found unreadable (damaged frames) since the start").register(meters);
        Gauge.builder("ep.events.journal.max.bytes", journal, SpillJournal::maxBytes)
                .description("Size cap of the spill journal").register(meters);
        Gauge.builder("ep.events.queued", queue, BlockingQueue::size)
                .description("Events waiting in memory for the sender").register(meters);
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

    /** Never blocks: queues the event, or journals it when the queue is full. */
    public void publish(OutboundEvent event) {
        if (!running || !queue.offer(event)) {
            spill(event);
        }
    }

    public boolean spilling() {
        return spilling;
    }

    public int queued() {
        return queue.size();
    }

    public SpillJournal journal() {
        return journal;
    }

    /** Whether the journal refused the last event offered to it (full or failing); events are dropped meanwhile. */
    public boolean journalRefusing() {
        return journalRefusing.get();
    }

    /** Events dropped because the journal was full or failing, since the start. */
    public long lostEvents() {
        return (long) (lostJournalFull.count() + lostJournalError.count());
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                if (!spilling) {
                    if (journal.pendingEntries() > 0) {
                        // spilled while the switch back to direct sends happened: drain it before anything newer
                        spilling = true;
                        continue;
                    }
                    OutboundEvent event = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (event != null && spilling) {
                        held = event; // a send failed while waiting: this event goes to the journal behind it
                    } else if (event != null) {
                        sendDirect(event);
                    }
                    continue;
                }
                if (inFlight.get() > 0) {
                    // direct sends still unresolved: a failing one is journaled by its callback, so nothing queued
                    // after it may be journaled before it (at most delivery.timeout.ms)
                    Thread.sleep(10);
                    continue;
                }
                moveQueueToJournal();
                if (journal.pendingEntries() == 0) {
                    if (inFlight.get() == 0) {
                        spilling = false;
                        loopFailing = false;
                        LOG.info("Spill journal drained; sending directly again");
                        if (journalRefusing.compareAndSet(true, false)) {
                            LOG.info("{} events were dropped while the spill journal refused them", lostEvents());
                        }
                    } else {
                        Thread.sleep(10);
                    }
                    continue;
                }
                if (drainBatch()) {
                    backoff = Duration.ofMillis(100);
                    loopFailing = false;
                } else {
                    Thread.sleep(backoff.toMillis());
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
                    Thread.sleep(MAX_BACKOFF.toMillis()); // e.g. an unreadable journal: no hot loop of errors
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
        try {
            journal.append(event.encode());
            spilled.increment();
            spilling = true;
            if (journalRefusing.compareAndSet(true, false)) {
                LOG.info("Spill journal takes events again; {} events were dropped so far", lostEvents());
            }
        } catch (SpillJournal.JournalFullException e) {
            lostJournalFull.increment();
            refused(event, e);
        } catch (RuntimeException e) {
            lostJournalError.increment();
            refused(event, e);
        }
    }

    private void refused(OutboundEvent event, RuntimeException e) {
        if (journalRefusing.compareAndSet(false, true)) {
            LOG.error("LOST {} {}: Kafka is unreachable and the spill journal refuses events ({}); dropping and "
                    + "counting them (ep_events_lost_total) until it takes them again", event.kind(), event.eventId(),
                    e.toString());
        } else {
            LOG.debug("LOST {} {}: {}", event.kind(), event.eventId(), e.toString());
        }
    }

    private void moveQueueToJournal() {
        if (held != null) {
            spill(held);
            held = null;
        }
        OutboundEvent event;
        while ((event = queue.poll()) != null) {
            spill(event);
        }
    }

    /** Sends the journal's head alone, then the rest of a batch; {@code true} when anything was delivered. */
    private boolean drainBatch() {
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

    private boolean sendAndWait(List<OutboundEvent> events) {
        return sendAndWaitPrefix(events) == events.size();
    }

    /** Sends all, waits for each in order; returns how many from the start were acknowledged. */
    private int sendAndWaitPrefix(List<OutboundEvent> events) {
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
            try {
                future.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
                delivered++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                LOG.debug("Drain send not acknowledged: {}", e.toString());
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
