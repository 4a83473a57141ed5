package dev.ep.config.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * JDBC access to the append-only event log ({@code config_event}), its chain head and the outbox. Callers hold the
 * transaction; {@link #lockHead()} is the one lock that serializes writers.
 */
@Repository
public class EventStore {

    private static final String COLUMNS = "sequence, aggregate_type, aggregate_id, aggregate_version, event_type,"
            + " payload::text AS payload, actor, reason, occurred_at, prev_hash, hash";

    private final JdbcTemplate jdbc;

    public EventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The end of the chain: the last sequence and its hash. */
    public record Head(long lastSequence, Optional<String> lastHash) {
    }

    /** Locks the chain head row until the transaction ends: writers run one at a time, in commit order. */
    public Head lockHead() {
        return jdbc.queryForObject("SELECT last_sequence, last_hash FROM config_chain_head WHERE id = 1 FOR UPDATE",
                (rs, i) -> new Head(rs.getLong(1), Optional.ofNullable(rs.getString(2))));
    }

    public Head head() {
        return jdbc.queryForObject("SELECT last_sequence, last_hash FROM config_chain_head WHERE id = 1",
                (rs, i) -> new Head(rs.getLong(1), Optional.ofNullable(rs.getString(2))));
    }

    /** Appends one event and its outbox row. The caller computed sequence, version and hash under the head lock. */
    public void append(StoredEvent e) {
        jdbc.update("INSERT INTO config_event (sequence, aggregate_type, aggregate_id, aggregate_version, event_type,"
                + " payload, actor, reason, occurred_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)",
                e.sequence(), e.aggregate().type().name(), e.aggregate().id(), e.version(), e.type(), e.payload(),
                e.actor(), e.reason().orElse(null), OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC),
                e.previousHash().orElse(null), e.hash());
        jdbc.update("INSERT INTO config_outbox (sequence) VALUES (?)", e.sequence());
    }

    public void moveHead(long sequence, String hash) {
        jdbc.update("UPDATE config_chain_head SET last_sequence = ?, last_hash = ? WHERE id = 1", sequence, hash);
    }

    /** Events with {@code after < sequence <= upTo}, in sequence order, decoded. */
    public List<StoredEvent> read(long after, long upTo) {
        return jdbc.query("SELECT " + COLUMNS + " FROM config_event WHERE sequence > ? AND sequence <= ? ORDER BY sequence",
                (rs, i) -> row(rs, true), after, upTo);
    }

    /** Every event of one aggregate, oldest first. */
    public List<StoredEvent> history(AggregateRef aggregate) {
        return jdbc.query("SELECT " + COLUMNS + " FROM config_event WHERE aggregate_type = ? AND aggregate_id = ?"
                + " ORDER BY sequence", (rs, i) -> row(rs, true), aggregate.type().name(), aggregate.id());
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM config_event", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Recomputes the whole chain in sequence order: every hash, every previous-hash link, gapless sequences from 1,
     * and the head pointing at the last event. Payloads are not decoded, so a tampered row that no longer parses
     * as an event is still reported by sequence.
     */
    public AuditReport verify() {
        List<AuditReport> broken = new ArrayList<>(1);
        long[] last = {0};
        String[] previous = {null};
        jdbc.query("SELECT " + COLUMNS + " FROM config_event ORDER BY sequence", (RowCallbackHandler) rs -> {
            if (!broken.isEmpty()) {
                return;
            }
            long sequence = rs.getLong("sequence");
            StoredEvent e;
            try {
                e = row(rs, false);
            } catch (RuntimeException ex) {
                broken.add(AuditReport.broken(last[0], sequence, "row cannot be read: " + ex.getMessage()));
                return;
            }
            if (sequence != last[0] + 1) {
                broken.add(AuditReport.broken(last[0], last[0] + 1, "sequence " + (last[0] + 1) + " is missing"));
            } else if (!e.previousHash().equals(Optional.ofNullable(previous[0]))) {
                broken.add(AuditReport.broken(last[0], sequence, "previous hash does not match the hash of sequence "
                        + last[0]));
            } else if (!e.hash().equals(e.expectedHash(previous[0]))) {
                broken.add(AuditReport.broken(last[0], sequence, "stored hash does not match the event's content"));
            } else {
                last[0] = sequence;
                previous[0] = e.hash();
            }
        });
        if (!broken.isEmpty()) {
            return broken.get(0);
        }
        Head head = head();
        if (head.lastSequence() != last[0] || !head.lastHash().equals(Optional.ofNullable(previous[0]))) {
            return AuditReport.broken(last[0], last[0] + 1, "the chain head expects sequence " + head.lastSequence()
                    + " but the log ends at " + last[0]);
        }
        return AuditReport.intact(last[0]);
    }

    private static StoredEvent row(ResultSet rs, boolean decode) throws SQLException {
        String payload = CanonicalJson.canonicalize(rs.getString("payload"));
        String type = rs.getString("event_type");
        AggregateRef aggregate = new AggregateRef(AggregateRef.Type.valueOf(rs.getString("aggregate_type")),
                rs.getString("aggregate_id"));
        Instant time = rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
        ConfigEvent event = decode ? EventJson.decode(type, CanonicalJson.parse(payload), time) : null;
        return new StoredEvent(rs.getLong("sequence"), aggregate, rs.getInt("aggregate_version"), type, payload,
                rs.getString("actor"), Optional.ofNullable(rs.getString("reason")), time,
                Optional.ofNullable(rs.getString("prev_hash")), rs.getString("hash"), event);
    }
}
