package dev.ep.reporting.guardrail;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code auto_pause_action} table: per (experiment, phase), whether reporting-service already paused it (or found
 * it not running), and the claim that lets exactly one instance act. Shared by every instance through the service's
 * PostgreSQL, so neither a restart nor a second instance overrules an owner who resumed the experiment.
 */
class PauseMemory {

    /** A row's state. */
    enum Outcome { CLAIMED, PAUSED, ALREADY_NOT_RUNNING }

    private final JdbcTemplate jdbc;

    PauseMemory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The row's outcome, if any. */
    Optional<Outcome> outcome(String experimentId, int phase) {
        return jdbc.query("SELECT outcome FROM auto_pause_action WHERE experiment_id = ? AND phase = ?",
                (rs, i) -> Outcome.valueOf(rs.getString(1)), experimentId, phase).stream().findFirst();
    }

    /** Whether the phase was settled (paused or found not running): never acted on again. */
    boolean settled(String experimentId, int phase) {
        return outcome(experimentId, phase).filter(o -> o != Outcome.CLAIMED).isPresent();
    }

    /**
     * Claims the action for this instance: true for exactly one caller. A claim older than {@code lease} (its instance
     * died between the claim and the outcome) is taken over; a settled row never is.
     */
    boolean claim(String experimentId, int phase, String instanceId, String reason, Duration lease) {
        return jdbc.update("""
                INSERT INTO auto_pause_action (experiment_id, phase, outcome, instance_id, claimed_at, reason)
                VALUES (?, ?, 'CLAIMED', ?, now(), ?)
                ON CONFLICT (experiment_id, phase) DO UPDATE
                    SET instance_id = EXCLUDED.instance_id, claimed_at = EXCLUDED.claimed_at, reason = EXCLUDED.reason
                    WHERE auto_pause_action.outcome = 'CLAIMED'
                      AND auto_pause_action.claimed_at < now() - make_interval(secs => ?)""",
                experimentId, phase, instanceId, reason, lease.toMillis() / 1000.0) == 1;
    }

    /** Settles this instance's claim with the final outcome. */
    void settle(String experimentId, int phase, String instanceId, Outcome outcome) {
        jdbc.update("""
                UPDATE auto_pause_action SET outcome = ?, decided_at = now()
                WHERE experiment_id = ? AND phase = ? AND instance_id = ? AND outcome = 'CLAIMED'""",
                outcome.name(), experimentId, phase, instanceId);
    }

    /** Gives up this instance's claim (the pause failed): any instance may try again at its next check. */
    void release(String experimentId, int phase, String instanceId) {
        jdbc.update("DELETE FROM auto_pause_action WHERE experiment_id = ? AND phase = ? AND instance_id = ?"
                + " AND outcome = 'CLAIMED'", experimentId, phase, instanceId);
    }

    /** Forgets rows claimed longer ago than {@code retention}; returns how many. */
    int forgetOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM auto_pause_action WHERE claimed_at < now() - make_interval(secs => ?)",
                retention.toMillis() / 1000.0);
    }
}
