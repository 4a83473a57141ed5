package dev.ep.reporting.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code reconciliation_run} table: the scheduled reconciliation's claims and outcomes. */
class ReconciliationRuns {

    private final JdbcTemplate jdbc;

    ReconciliationRuns(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims the period's run of the experiment for this instance: true for exactly one instance. */
    boolean claim(String experimentId, Instant periodStart, String instanceId, Instant now) {
        return jdbc.update("""
                INSERT INTO reconciliation_run (experiment_id, period_start, instance_id, started_at, outcome)
                VALUES (?, ?, ?, ?, 'RUNNING')
                ON CONFLICT (experiment_id, period_start) DO NOTHING""",
                experimentId, Timestamp.from(periodStart), instanceId, Timestamp.from(now)) == 1;
    }

    /** Records the outcome of this instance's claimed run. */
    void finish(String experimentId, Instant periodStart, String instanceId, ReconciliationRun run) {
        jdbc.update("""
                UPDATE reconciliation_run SET finished_at = ?, outcome = ?, cut_off = ?, stream_current_to = ?,
                       aggregates = ?, mismatches = ?, reason = ?
                WHERE experiment_id = ? AND period_start = ? AND instance_id = ?""",
                Timestamp.from(run.finishedAt()), run.outcome().name(), timestamp(run.cutOff()),
                timestamp(run.streamCurrentTo()), run.aggregates(), run.mismatches(), run.reason(),
                experimentId, Timestamp.from(periodStart), instanceId);
    }

    /** The experiment's latest finished run. */
    Optional<ReconciliationRun> latest(String experimentId) {
        return jdbc.query("""
                SELECT * FROM reconciliation_run WHERE experiment_id = ? AND outcome <> 'RUNNING'
                ORDER BY period_start DESC LIMIT 1""", ReconciliationRuns::row, experimentId).stream().findFirst();
    }

    /** Deletes runs started longer ago than {@code retention}; returns how many. */
    int forgetOlderThan(Instant now, Duration retention) {
        return jdbc.update("DELETE FROM reconciliation_run WHERE started_at < ?", Timestamp.from(now.minus(retention)));
    }

    private static ReconciliationRun row(ResultSet rs, int i) throws SQLException {
        return new ReconciliationRun(rs.getString("experiment_id"), rs.getTimestamp("period_start").toInstant(),
                rs.getString("instance_id"), rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("finished_at").toInstant(), ReconciliationRun.Outcome.valueOf(rs.getString("outcome")),
                instant(rs.getTimestamp("cut_off")), instant(rs.getTimestamp("stream_current_to")),
                (Long) rs.getObject("aggregates"), (Long) rs.getObject("mismatches"), rs.getString("reason"));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
