package dev.ep.ingest.store;

import dev.ep.ingest.event.EventBatch;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * COPY (text format), optimistic: the batch is first copied straight into the partitioned tables inside a savepoint.
 * COPY cannot skip conflicts, so if any row already exists (a redelivery, SQLSTATE 23505) the savepoint is rolled
 * back and the batch goes the idempotent way: COPY into a temporary staging table per event table (created once per
 * connection, emptied at each commit), then {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}. Duplicates are the
 * exception, so almost every batch is written once, without the staging copy.
 */
final class CopyBatchWriter implements BatchWriter {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public int write(Connection connection, EventBatch batch) throws SQLException {
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Map<Tables.Table<?>, String> texts = new LinkedHashMap<>();
        int events = 0;
        for (Tables.Table<?> table : Tables.ALL) {
            String text = text(table, batch);
            if (text != null) {
                texts.put(table, text);
                events += table == Tables.DECISION_EXPERIMENTS ? 0 : table.rows().apply(batch).size();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT ingest_direct");
            try {
                for (Map.Entry<Tables.Table<?>, String> e : texts.entrySet()) {
                    copy(copy, e.getKey().name(), e.getKey(), e.getValue());
                }
                statement.execute("RELEASE SAVEPOINT ingest_direct");
                return events;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                statement.execute("ROLLBACK TO SAVEPOINT ingest_direct");
            }
        }
        int inserted = 0;
        for (Map.Entry<Tables.Table<?>, String> e : texts.entrySet()) {
            int rows = staged(connection, copy, e.getKey(), e.getValue());
            inserted += e.getKey() == Tables.DECISION_EXPERIMENTS ? 0 : rows;
        }
        return inserted;
    }

    private static <R> String text(Tables.Table<R> table, EventBatch batch) {
        List<R> rows = table.rows().apply(batch);
        if (rows.isEmpty()) {
            return null;
        }
        CopyText text = new CopyText(rows.size());
        for (R row : rows) {
            for (Object value : table.values().apply(row)) {
                text.value(value);
            }
            text.endRow();
        }
        return text.toString();
    }

    private static int staged(Connection connection, CopyManager copy, Tables.Table<?> table, String text)
            throws SQLException {
        String stage = "stage_" + table.name();
        String columns = String.join(", ", table.columns());
        try (Statement statement = connection.createStatement()) {
            // Only the loaded columns, their types and no constraints: defaults (ingested_at) apply on the insert.
            statement.execute("CREATE TEMP TABLE IF NOT EXISTS " + stage + " ON COMMIT DELETE ROWS AS SELECT "
                    + columns + " FROM " + table.name() + " WITH NO DATA");
        }
        copy(copy, stage, table, text);
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate("INSERT INTO " + table.name() + " (" + columns + ") SELECT " + columns
                    + " FROM " + stage + " ON CONFLICT DO NOTHING");
        }
    }

    private static void copy(CopyManager copy, String target, Tables.Table<?> table, String text)
            throws SQLException {
        try {
            copy.copyIn("COPY " + target + " (" + String.join(", ", table.columns()) + ") FROM STDIN",
                    new StringReader(text));
        } catch (IOException e) {
            throw new SQLException("COPY into " + target + " failed: " + e.getMessage(), "08006", e);
        }
    }
}
