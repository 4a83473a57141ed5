package dev.ep.ingest.timeline;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a session's rows back from the three tables (each through its session index), as they are stored: a row
 * written under earlier rules (before the id grammar was narrowed, or before a column existed) is shown, not refused.
 */
final class TimelineQuery {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    TimelineQuery(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The first {@code limit} events of the session, in time order (each table is read up to the limit). */
    List<TimelineEntry> timeline(SessionId session, int limit) {
        String id = session.value();
        Map<String, List<TimelineEntry.Experiment>> experiments = new HashMap<>();
        jdbc.query("""
                SELECT e.* FROM decision_experiments e
                JOIN decisions d ON d.event_id = e.event_id AND d.event_date = e.event_date
                WHERE e.event_id IN (SELECT event_id FROM decisions WHERE session_id = ?
                                     ORDER BY event_time, event_id LIMIT ?)
                  AND d.session_id = ?
                ORDER BY e.event_id, e.position""", rs -> {
            experiments.computeIfAbsent(rs.getString("event_id"), k -> new ArrayList<>()).add(
                    new TimelineEntry.Experiment(rs.getString("layer_id"), rs.getString("experiment_id"),
                            rs.getInt("experiment_version"), rs.getInt("phase"), rs.getString("treatment"),
                            rs.getInt("bucket"), integer(rs, "slot"), rs.getBoolean("forced"),
                            rs.getString("unit_type"), rs.getString("unit_id"), null));
        }, id, limit, id);
        List<TimelineEntry> decisions = jdbc.query(
                "SELECT * FROM decisions WHERE session_id = ? ORDER BY event_time, event_id LIMIT ?", (rs, n) ->
                TimelineEntry.decision(rs.getString("event_id"), instant(rs, "event_time"), rs.getString("user_id"),
                        rs.getString("page"), rs.getLong("config_version"),
                        new TimelineEntry.Holdout(rs.getBoolean("holdout"), rs.getString("holdout_unit_type"),
                                rs.getString("holdout_unit_id"), integer(rs, "holdout_basis_points")),
                        map(rs.getString("attributes")),
                        experiments.getOrDefault(rs.getString("event_id"), List.of())), id, limit);
        List<TimelineEntry> coverage = jdbc.query(
                "SELECT * FROM coverage WHERE session_id = ? ORDER BY event_time, event_id LIMIT ?", (rs, n) ->
                TimelineEntry.coverage(rs.getString("event_id"), instant(rs, "event_time"), rs.getString("user_id"),
                        rs.getString("page"), rs.getLong("config_version"), rs.getString("exposure_key"),
                        instant(rs, "decision_time"),
                        new TimelineEntry.Experiment(rs.getString("layer_id"), rs.getString("experiment_id"),
                                rs.getInt("experiment_version"), rs.getInt("phase"), rs.getString("treatment"),
                                integer(rs, "bucket"), integer(rs, "slot"), rs.getBoolean("forced"),
                                rs.getString("unit_type"), rs.getString("unit_id"), null)), id, limit);
        List<TimelineEntry> tracking = jdbc.query(
                "SELECT * FROM tracking_events WHERE session_id = ? ORDER BY event_time, event_id LIMIT ?", (rs, n) ->
                TimelineEntry.tracking(rs.getString("event_id"), instant(rs, "event_time"), rs.getString("user_id"),
                        rs.getString("page"), rs.getString("type"), rs.getString("name"),
                        longOrNull(rs, "value_minor"), rs.getString("currency"), rs.getString("order_id"),
                        instant(rs, "received_time"), map(rs.getString("properties"))), id, limit);
        return Timeline.of(decisions, coverage, tracking);
    }

    private Map<String, String> map(String text) {
        return text == null ? Map.of() : json.readValue(text, STRING_MAP);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
