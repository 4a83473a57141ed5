package dev.ep.config.relay;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.ep.config.change.ConfigState;
import dev.ep.config.store.ConfigStore;
import dev.ep.config.store.EventStore;
import dev.ep.config.store.StoredEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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

    public OutboxRelay(DataSource dataSource, EventStore events,
            Supplier<Producer<String, SpecificRecordBase>> producers, RelayProperties properties) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.events = events;
        this.producers = producers;
        this.properties = properties;
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
            while (running && publishBatch()) {
                // until the outbox is empty
            }
        } catch (Exception e) {
            LOG.warn("Outbox relay cycle failed, retrying from the first unpublished row: {}", e.toString());
            folded = null;
            closeProducer();
            if (e instanceof SQLException || e.getCause() instanceof SQLException) {
                resign();
            }
        }
    }

    /** Publishes up to one batch; false when there was nothing to publish. */
    private boolean publishBatch() throws Exception {
        List<Long> pending = jdbc.queryForList("SELECT sequence FROM config_outbox WHERE published_at IS NULL"
                + " ORDER BY sequence LIMIT ?", Long.class, properties.batchSize());
        if (pending.isEmpty()) {
            return false;
        }
        long first = pending.get(0);
        long last = pending.get(pending.size() - 1);
        ConfigState state = folded;
        if (state == null || state.events() > first - 1) {
            state = ConfigState.EMPTY;
        }
        if (producer == null) {
            producer = producers.get();
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (StoredEvent e : events.read(state.events(), last)) {
            if (e.sequence() != state.events() + 1) {
                throw new IllegalStateException("event log has a gap before sequence " + e.sequence());
            }
            state = state.apply(e.event());
            if (e.sequence() >= first) {
                String key = e.aggregate().key();
                acks.add(producer.send(new ProducerRecord<>(properties.changesTopic(), key, AvroMapping.change(e))));
                acks.add(producer.send(new ProducerRecord<>(properties.experimentsTopic(), key,
                        AvroMapping.snapshot(state, e))));
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(30, TimeUnit.SECONDS);
        }
        int marked = jdbc.update("UPDATE config_outbox SET published_at = now() WHERE published_at IS NULL"
                + " AND sequence >= ? AND sequence <= ?", first, last);
        folded = state;
        LOG.debug("Published sequences {}..{} ({} rows)", first, last, marked);
        return true;
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
