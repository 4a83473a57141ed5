package dev.ep.config.store;

import java.util.List;

import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.view.Json;
import dev.ep.config.view.Views;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The projection table {@code config_projection}: the current view of every aggregate, rewritten in the same
 * transaction as its events. A cache for SQL readers and operators; the log stays the truth, and {@code EventStoreIT}
 * proves that replaying the log gives exactly these rows.
 */
@Repository
public class Projection {

    private final JdbcTemplate jdbc;

    public Projection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One stored row. */
    public record Row(AggregateRef aggregate, int version, long lastSequence, String state) {
    }

    public void write(ConfigState state, AggregateRef ref, long sequence) {
        String status = null;
        String layer = null;
        String owner = null;
        if (ref.type() == AggregateRef.Type.EXPERIMENT) {
            Experiment x = state.experiments().get(new ExperimentId(ref.id()));
            status = x.status().name();
            layer = x.definition().layer().value();
            owner = x.definition().owner();
        }
        jdbc.update("INSERT INTO config_projection (aggregate_type, aggregate_id, version, last_sequence, status,"
                + " layer_id, owner, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)"
                + " ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET version = EXCLUDED.version,"
                + " last_sequence = EXCLUDED.last_sequence, status = EXCLUDED.status, layer_id = EXCLUDED.layer_id,"
                + " owner = EXCLUDED.owner, state = EXCLUDED.state",
                ref.type().name(), ref.id(), (int) state.version(ref), sequence, status, layer, owner,
                Json.write(Views.of(state, ref)));
    }

    public List<Row> all() {
        return jdbc.query("SELECT aggregate_type, aggregate_id, version, last_sequence, state::text FROM config_projection"
                + " ORDER BY aggregate_type, aggregate_id", (rs, i) -> new Row(
                        new AggregateRef(AggregateRef.Type.valueOf(rs.getString(1)), rs.getString(2)), rs.getInt(3),
                        rs.getLong(4), rs.getString(5)));
    }

    /**
     * Whether the stored document of {@code ref} equals {@code json} as jsonb (numbers compared by value, member
     * order ignored).
     */
    public boolean storedEquals(AggregateRef ref, int version, String json) {
        Integer n = jdbc.queryForObject("SELECT count(*) FROM config_projection WHERE aggregate_type = ?"
                + " AND aggregate_id = ? AND version = ? AND state = ?::jsonb", Integer.class,
                ref.type().name(), ref.id(), version, json);
        return n != null && n == 1;
    }
}
