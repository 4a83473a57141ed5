package dev.ep.ingest.timeline;

import dev.ep.ingest.event.CoverageRow;
import dev.ep.ingest.event.DecisionRow;
import dev.ep.ingest.event.TrackingRow;
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

/** Reads a session's rows back from the three tables (each through its session index). */
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
        Map<String, List<DecisionRow.ExperimentRow>> experiments = new HashMap<>();
        jdbc.query("""
                SELECT e.* FROM decision_experiments e
                JOIN decisions d ON d.event_id = e.event_id AND d.event_date = e.event_date
                WHERE e.event_id IN (SELECT event_id FROM decisions WHERE session_id = ?
                                     ORDER BY event_time, event_id LIMIT ?)
                  AND d.session_id = ?
                ORDER BY e.event_id, e.position""", rs -> {
            experiments.computeIfAbsent(rs.getString("event_id"), k -> new ArrayList<>()).add(
                    new DecisionRow.ExperimentRow(rs.getInt("position"), rs.getString("layer_id"),
                            rs.getString("experiment_id"), rs.getInt("experiment_version"), rs.getInt("phase"),
                            rs.getString("treatment"), rs.getInt("bucket"), integer(rs, "slot"),
                            rs.getBoolean("forced")));
        }, id, limit, id);
        List<DecisionRow> decisions = jdbc.query("SELECT * FROM decisions WHERE session_id = ? ORDER BY event_time, event_id LIMIT ?",
                (rs, n) ->
                new DecisionRow(rs.getString("event_id"), instant(rs, "event_time"), rs.getString("session_id"),
                        rs.getString("user_id"), rs.getString("page"), map(rs.getString("attributes")),
                        rs.getLong("config_version"), rs.getBoolean("holdout"),
                        experiments.getOrDefault(rs.getString("event_id"), List.of())), id, limit);
        List<CoverageRow> coverage = jdbc.query("SELECT * FROM coverage WHERE session_id = ? ORDER BY event_time, event_id LIMIT ?",
                (rs, n) ->
                new CoverageRow(rs.getString("event_id"), instant(rs, "event_time"), rs.getString("session_id"),
                        rs.getString("user_id"), rs.getString("layer_id"), rs.getString("experiment_id"),
                        rs.getInt("experiment_version"), rs.getInt("phase"), rs.getString("treatment"),
                        integer(rs, "slot"), rs.getBoolean("forced"), rs.getString("page"),
                        rs.getLong("config_version")), id, limit);
        List<TrackingRow> tracking = jdbc.query("SELECT * FROM tracking_events WHERE session_id = ? ORDER BY event_time, event_id "
                + "LIMIT ?", (rs, n) ->
                new TrackingRow(rs.getString("event_id"), instant(rs, "event_time"), instant(rs, "received_time"),
                        rs.getString("session_id"), rs.getString("user_id"), rs.getString("type"),
                        rs.getString("name"), rs.getString("page"), longOrNull(rs, "value_minor"),
                        rs.getString("currency"), map(rs.getString("properties"))), id, limit);
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
