package dev.ep.config.relay;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Outbox rows the relay parked because they can never be sent ({@link OutboxRelay#neverSendable}): listed for the
 * health check, the metric and the admin endpoint, and released (given up, marked published) by an admin.
 * The listing is bounded ({@link #LIST_LIMIT} rows).
 */
public final class ParkedRows {

    /** At most this many parked rows are listed (the count is exact). */
    static final int LIST_LIMIT = 100;

    /** One parked row. */
    public record Parked(long sequence, Instant parkedAt, String reason) {
    }

    private final JdbcTemplate jdbc;

    public ParkedRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM config_outbox WHERE parked_at IS NOT NULL"
                + " AND published_at IS NULL", Long.class);
        return n == null ? 0 : n;
    }

    public List<Parked> list() {
        return jdbc.query("SELECT sequence, parked_at, park_reason FROM config_outbox WHERE parked_at IS NOT NULL"
                + " AND published_at IS NULL ORDER BY sequence LIMIT " + LIST_LIMIT,
                (rs, i) -> new Parked(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3)));
    }

    /** Gives a parked row up: marked published (never sent), the releasing admin added to its reason. */
    public boolean release(long sequence, String principal) {
        return jdbc.update("UPDATE config_outbox SET published_at = now(),"
                + " park_reason = park_reason || ' [released by ' || ? || ']'"
                + " WHERE sequence = ? AND parked_at IS NOT NULL AND published_at IS NULL", principal, sequence) == 1;
    }
}
