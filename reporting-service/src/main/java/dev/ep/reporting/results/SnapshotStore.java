package dev.ep.reporting.results;

import dev.ep.reporting.attribution.ArmKey;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.MetricSums;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code result_snapshot} table: arms as they were at each snapshot in which they changed. */
@Repository
class SnapshotStore {

    /** One snapshot time and the arms of a phase as they stood then (unchanged arms carried forward). */
    record Point(Instant takenAt, List<ArmTotals> arms) {
    }

    static final int MAX_ROWS = 100_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    SnapshotStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the arm at {@code takenAt}; a second write of the same arm and time (another instance) is ignored. */
    void write(ArmTotals arm, Instant takenAt) {
        Map<String, Map<String, Object>> metrics = new TreeMap<>();
        arm.metrics().forEach((name, s) -> metrics.put(name, Map.of("n", s.n(), "sumY", s.sumY(), "sumY2", s.sumY2(),
                "sumX", s.sumX(), "sumX2", s.sumX2(), "sumXY", s.sumXY())));
        jdbc.update("""
                INSERT INTO result_snapshot (experiment_id, phase, treatment, taken_at, current_to, exposed_units,
                                             assigned_units, metrics)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                ON CONFLICT DO NOTHING""",
                arm.arm().experimentId(), arm.arm().phase(), arm.arm().treatment(), Timestamp.from(takenAt),
                arm.currentTo() == Long.MIN_VALUE ? null : new Timestamp(arm.currentTo()), arm.exposed(),
                arm.assigned(), JSON.writeValueAsString(metrics));
    }

    int deleteBefore(Instant cutoff) {
        return jdbc.update("DELETE FROM result_snapshot WHERE taken_at < ?", Timestamp.from(cutoff));
    }

    /** The phase's cumulative arms at each snapshot time, oldest first (at most {@value #MAX_ROWS} rows read). */
    List<Point> points(String experimentId, int phase) {
        Map<Instant, List<ArmTotals>> rows = new LinkedHashMap<>();
        jdbc.query("""
                SELECT treatment, taken_at, current_to, exposed_units, assigned_units, metrics::text AS metrics
                FROM result_snapshot WHERE experiment_id = ? AND phase = ?
                ORDER BY taken_at, treatment LIMIT ?""", rs -> {
            Map<String, MetricSums> metrics = new TreeMap<>();
            JsonNode node = JSON.readTree(rs.getString("metrics"));
            node.properties().forEach(e -> metrics.put(e.getKey(), new MetricSums(e.getValue().get("n").asLong(),
                    big(e.getValue(), "sumY"), big(e.getValue(), "sumY2"), big(e.getValue(), "sumX"),
                    big(e.getValue(), "sumX2"), big(e.getValue(), "sumXY"))));
            Timestamp currentTo = rs.getTimestamp("current_to");
            ArmTotals arm = new ArmTotals(new ArmKey(experimentId, phase, rs.getString("treatment")),
                    rs.getLong("exposed_units"), rs.getLong("assigned_units"), metrics,
                    currentTo == null ? Long.MIN_VALUE : currentTo.getTime(), Long.MAX_VALUE, Long.MIN_VALUE);
            rows.computeIfAbsent(rs.getTimestamp("taken_at").toInstant(), t -> new ArrayList<>()).add(arm);
        }, experimentId, phase, MAX_ROWS);
        List<Point> points = new ArrayList<>();
        Map<String, ArmTotals> current = new TreeMap<>();
        rows.forEach((takenAt, arms) -> {
            arms.forEach(a -> current.put(a.arm().treatment(), a));
            points.add(new Point(takenAt, List.copyOf(current.values())));
        });
        return points;
    }

    private static BigInteger big(JsonNode node, String field) {
        return node.get(field).bigIntegerValue();
    }
}
