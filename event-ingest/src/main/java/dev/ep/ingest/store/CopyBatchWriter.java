package dev.ep.ingest.store;

import dev.ep.ingest.event.EventBatch;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * COPY into a temporary staging table per event table (created once per connection, emptied at each commit), then
 * one {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} into the partitioned table. COPY itself cannot skip
 * conflicts, hence the staging step.
 */
final class CopyBatchWriter implements BatchWriter {

    @Override
    public int write(Connection connection, EventBatch batch) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        int inserted = 0;
        for (Tables.Table<?> table : Tables.ALL) {
            int rows = write(connection, copy, table, batch);
            inserted += table == Tables.DECISION_EXPERIMENTS ? 0 : rows;
        }
        return inserted;
    }

    private static <R> int write(Connection connection, CopyManager copy, Tables.Table<R> table, EventBatch batch)
            throws SQLException {
        List<R> rows = table.rows().apply(batch);
        if (rows.isEmpty()) {
            return 0;
        }
        String stage = "stage_" + table.name();
        String columns = String.join(", ", table.columns());
        try (Statement statement = connection.createStatement()) {
            // Only the loaded columns, their types and no constraints: defaults (ingested_at) apply on the insert.
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " ON COMMIT DELETE ROWS AS SELECT "
                    + columns + " FROM " + table.name() + " WITH NO DATA");
        }
        CopyText text = new CopyText(rows.size());
        for (R row : rows) {
            for (Object value : table.values().apply(row)) {
                text.value(value);
            }
            text.endRow();
        }
        try {
            copy.copyIn("COPY " + stage + " (" + columns + ") FROM STDIN", new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY into " + stage + " failed: " + e.getMessage(), "08006", e);
        }
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("INSERT INTO " + table.name() + " (" + columns + ") SELECT " + columns
                    + " FROM " + stage + " ON CONFLICT DO NOTHING");
        }
    }
}
