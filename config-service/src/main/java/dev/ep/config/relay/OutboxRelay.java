package dev.ep.config.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.ep.config.change.ConfigState;
import dev.ep.config.store.ConfigStore;
import dev.ep.config.store.EventStore;
import dev.ep.config.store.StoredEvent;
import dev.ep.schemas.ConfigLineage;
import dev.ep.schemas.registry.SchemaRegistryException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes the outbox in global sequence order: for every event an {@code ExperimentChange} to the changes topic
 * and the aggregate's full {@code ExperimentSnapshot} (as of that sequence) to the experiments topic, both keyed by
 * the aggregate key. One thread; one leader among all instances (a session-level PostgreSQL advisory lock held on a
 * dedicated connection). Rows are marked published only after Kafka acknowledged every record of the batch, so a
 * crash between commit and publish publishes later; the next leader resumes at the first unpublished row. A crash
 * after the send but before the mark re-sends the same sequences (never a different order): consumers apply
 * records strictly by sequence and ignore any sequence at or below the last they applied.
 */
public class OutboxRelay implements SmartLifecycle {

    /** Advisory lock key of the relay leader ("ep-relay" in ASCII). */
    static final long LEADER_LOCK = 0x65702d72656c6179L;
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final EventStore events;
    private final Supplier<Producer<String, SpecificRecordBase>> producers;
    private final RelayProperties properties;

    private ScheduledExecutorService executor;
    private volatile boolean running;
    private Connection leaderConnection;
    private Producer<String, SpecificRecordBase> producer;
    private ConfigState folded;
    private final AtomicLong parkedTotal = new AtomicLong();
    private final Lineage lineage;
    /** The epoch this leader publishes under; -1 until {@link Lineage#establish} ran for this leadership. */
    private volatile long epoch = -1;
    private volatile Lineage.Rebase lastRebase;

    /**
     * @param readers consumers (byte-array keys and values, no group) for reading the snapshot topic at the start of
     *                each leadership ({@link Lineage})
     */
    public OutboxRelay(DataSource dataSource, EventStore events,
            Supplier<Producer<String, SpecificRecordBase>> producers,
            Supplier<org.apache.kafka.clients.consumer.Consumer<byte[], byte[]>> readers, RelayProperties properties,
            java.time.Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.events = events;
        this.producers = producers;
        this.properties = properties;
        this.lineage = new Lineage(readers, jdbc, events, properties.experimentsTopic(), clock);
    }

    /** The epoch published under (see {@code ConfigLineage}); -1 before this instance first led. */
    public long epoch() {
        return epoch;
    }

    /** The last epoch this instance started because the database went back, if any. */
    public java.util.Optional<Lineage.Rebase> lastRebase() {
        return java.util.Optional.ofNullable(lastRebase);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::cycle, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        closeProducer();
        resign();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (the default phase), so requests in flight still get published. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    /** A commit wakes the relay instead of waiting for the next poll. */
    @EventListener
    public void onAppended(ConfigStore.Appended appended) {
        ScheduledExecutorService e = executor;
        if (running && e != null && !e.isShutdown()) {
            try {
                e.execute(this::cycle);
            } catch (java.util.concurrent.RejectedExecutionException ignored) {
                // stopping
            }
        }
    }

    /** Whether this instance holds the leader lock. */
    public synchronized boolean isLeader() {
        return leaderConnection != null;
    }

    private void cycle() {
        try {
            if (!lead()) {
                return;
            }
            if (epoch < 0) {
                if (producer == null) {
                    producer = producers.get();
                }
                Lineage.Established established = lineage.establish(producer);
                established.rebase().ifPresent(r -> lastRebase = r);
                epoch = established.epoch();
                folded = null;
            }
            while (running && publishBatch()) {
                // until the outbox is empty
            }
        } catch (Exception e) {
            LOG.warn("Outbox relay cycle failed, retrying from the first unpublished row: {}", e.toString());
            folded = null;
            epoch = -1; // check the lineage again before publishing anything
            closeProducer();
            if (e instanceof SQLException || e.getCause() instanceof SQLException) {
                resign();
            }
        }
    }

    /** Publishes up to one batch; false when there was nothing to publish. */
    private boolean publishBatch() throws Exception {
        List<Long> pending = jdbc.queryForList("SELECT sequence FROM config_outbox WHERE published_at IS NULL"
                + " AND parked_at IS NULL ORDER BY sequence LIMIT ?", Long.class, properties.batchSize());
        if (pending.isEmpty()) {
            return false;
        }
        long first = pending.get(0);
        long last = pending.get(pending.size() - 1);
        ConfigState state = folded;
        if (state == null || state.events() > first - 1) {
            state = ConfigState.EMPTY;
        }
        Set<Long> wanted = new HashSet<>(pending);
        List<Outgoing> batch = new ArrayList<>();
        for (StoredEvent e : events.read(state.events(), last)) {
            if (e.sequence() != state.events() + 1) {
                throw new IllegalStateException("event log has a gap before sequence " + e.sequence());
            }
            state = state.apply(e.event());
            if (wanted.contains(e.sequence())) {
                String key = e.aggregate().key();
                ConfigLineage.Witness witness = new ConfigLineage.Witness(e.sequence(), e.hash());
                batch.add(new Outgoing(e.sequence(), List.of(
                        stamped(properties.changesTopic(), key, AvroMapping.change(e), witness),
                        stamped(properties.experimentsTopic(), key, AvroMapping.snapshot(state, e), witness))));
            }
        }
        // Leadership is checked right before every batch is sent: a relay whose lock session died (while another
        // instance may already lead) sends nothing more.
        if (!stillLeader()) {
            return false;
        }
        if (producer == null) {
            producer = producers.get();
        }
        Map<Long, List<Future<RecordMetadata>>> acks = new LinkedHashMap<>();
        Map<Long, Exception> refused = new HashMap<>();
        for (Outgoing o : batch) {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            try {
                for (ProducerRecord<String, SpecificRecordBase> record : o.records()) {
                    futures.add(producer.send(record));
                }
            } catch (RuntimeException e) {
                refused.put(o.sequence(), e);
            }
            acks.put(o.sequence(), futures);
        }
        producer.flush();
        // In sequence order: acknowledged rows are published, a row that can never be sent is parked (and the rows
        // after it still go out), anything else stops here and the batch is retried from there.
        List<Long> published = new ArrayList<>();
        Exception retry = null;
        for (Map.Entry<Long, List<Future<RecordMetadata>>> entry : acks.entrySet()) {
            Exception failure = refused.get(entry.getKey());
            for (Future<RecordMetadata> ack : entry.getValue()) {
                if (failure != null) {
                    break;
                }
                try {
                    ack.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            if (failure == null) {
                published.add(entry.getKey());
            } else if (neverSendable(failure)) {
                park(entry.getKey(), failure);
            } else {
                retry = failure;
                break;
            }
        }
        int marked = 0;
        for (Long sequence : published) {
            marked += jdbc.update("UPDATE config_outbox SET published_at = now() WHERE sequence = ?"
                    + " AND published_at IS NULL", sequence);
        }
        if (retry != null) {
            throw retry;
        }
        folded = state;
        LOG.debug("Published sequences {}..{} ({} rows)", first, last, marked);
        return true;
    }

    private ProducerRecord<String, SpecificRecordBase> stamped(String topic, String key, SpecificRecordBase value,
            ConfigLineage.Witness witness) {
        RecordHeaders headers = new RecordHeaders();
        ConfigLineage.stamp(headers, epoch, witness);
        return new ProducerRecord<>(topic, null, key, value, headers);
    }

    /** One outbox row's records: the change and the snapshot. */
    private record Outgoing(long sequence, List<ProducerRecord<String, SpecificRecordBase>> records) {
    }

    /**
     * A failure no retry can cure: a record larger than the producer or broker accepts, or a registry answer that
     * the schema is incompatible (409) or invalid (422).
     */
    static boolean neverSendable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException) {
                return true;
            }
            if (t instanceof SchemaRegistryException r && (r.httpStatus() == 409 || r.httpStatus() == 422)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private void park(long sequence, Exception failure) {
        String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        jdbc.update("UPDATE config_outbox SET parked_at = now(), park_reason = ? WHERE sequence = ?"
                + " AND published_at IS NULL AND parked_at IS NULL", reason, sequence);
        parkedTotal.incrementAndGet();
        LOG.error("Outbox relay parked sequence {}: it can never be sent ({}). Later changes are published; health is"
                + " DOWN until an admin releases it (DELETE /v1/relay/parked/{}, README)", sequence, reason, sequence);
    }

    /** Rows parked since this instance started (the metric {@code ep.config.relay.parked.total}). */
    public long parkedTotal() {
        return parkedTotal.get();
    }

    /**
     * Whether this session still holds the leader lock, asked on the lock's own connection: false (and the lock
     * given up) when that session is gone, e.g. its backend was terminated or the connection broke.
     */
    private synchronized boolean stillLeader() {
        if (leaderConnection == null) {
            return false;
        }
        try (PreparedStatement s = leaderConnection.prepareStatement("SELECT count(*) FROM pg_locks"
                + " WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()"
                + " AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1")) {
            s.setLong(1, LEADER_LOCK >>> 32);
            s.setLong(2, LEADER_LOCK & 0xffffffffL);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getLong(1) > 0) {
                    return true;
                }
            }
            LOG.warn("Outbox relay no longer holds the leader lock; publishing nothing more until it leads again");
        } catch (SQLException e) {
            LOG.warn("Outbox relay lost its leader lock session ({}); publishing nothing more until it leads again",
                    e.toString());
        }
        resign();
        folded = null;
        return false;
    }

    /** Takes (or keeps) the leader lock; false when another instance holds it. */
    private synchronized boolean lead() throws SQLException {
        if (leaderConnection != null) {
            if (leaderConnection.isValid(2)) {
                return true;
            }
            resign();
        }
        Connection c = dataSource.getConnection();
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, LEADER_LOCK);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    leaderConnection = c;
                    folded = null;
                    epoch = -1; // a new leadership checks the lineage before it publishes
                    LOG.info("Outbox relay is the leader; publishing to {} and {}", properties.changesTopic(),
                            properties.experimentsTopic());
                    return true;
                }
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        c.close();
        return false;
    }

    private synchronized void resign() {
        if (leaderConnection == null) {
            return;
        }
        try (PreparedStatement s = leaderConnection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            s.setLong(1, LEADER_LOCK);
            s.execute();
        } catch (SQLException e) {
            LOG.debug("Could not release the relay lock (the session ends anyway): {}", e.toString());
        }
        try {
            leaderConnection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the relay lock connection failed: {}", e.toString());
        }
        leaderConnection = null;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("Closing the relay producer failed: {}", e.toString());
            }
            producer = null;
        }
    }

    /** Producer settings the relay insists on, whatever the shared configuration says. */
    static Map<String, Object> producerOverrides() {
        return Map.of("acks", "all", "enable.idempotence", "true", "max.in.flight.requests.per.connection", "5",
                "client.id", "config-service-relay");
    }
}
