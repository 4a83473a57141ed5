package dev.ep.ingest.store;

import dev.ep.ingest.event.EventBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Multi-row {@code INSERT ... VALUES (...), (...) ON CONFLICT DO NOTHING}, up to {@code rowsPerStatement} rows each. */
final class InsertBatchWriter implements BatchWriter {

    /** PostgreSQL's protocol allows at most 65,535 bind parameters per statement. */
    private static final int MAX_PARAMETERS = 65_535;

    private final int rowsPerStatement;
    private final Map<String, String> sql = new ConcurrentHashMap<>();

    InsertBatchWriter(int rowsPerStatement) {
        if (rowsPerStatement < 1) {
            throw new IllegalArgumentException("rowsPerStatement must be positive: " + rowsPerStatement);
        }
        this.rowsPerStatement = rowsPerStatement;
    }

    @Override
    public int write(Connection connection, EventBatch batch) throws SQLException {
        int inserted = 0;
        for (Tables.Table<?> table : Tables.ALL) {
            int rows = write(connection, table, batch);
            inserted += table == Tables.DECISION_EXPERIMENTS ? 0 : rows;
        }
        return inserted;
    }

    private <R> int write(Connection connection, Tables.Table<R> table, EventBatch batch) throws SQLException {
        List<R> rows = table.rows().apply(batch);
        int perStatement = Math.min(rowsPerStatement, MAX_PARAMETERS / table.columns().size());
        int inserted = 0;
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<R> chunk = rows.subList(from, Math.min(rows.size(), from + perStatement));
            try (PreparedStatement statement = connection.prepareStatement(sql(table, chunk.size()))) {
                int parameter = 1;
                for (R row : chunk) {
                    Object[] values = table.values().apply(row);
                    for (int i = 0; i < values.length; i++) {
                        bind(statement, parameter++, values[i]);
                    }
                }
                inserted += statement.executeUpdate();
            }
        }
        return inserted;
    }

    private String sql(Tables.Table<?> table, int rows) {
        return sql.computeIfAbsent(table.name() + ':' + rows, key -> {
            StringBuilder tuple = new StringBuilder("(");
            for (int i = 0; i < table.columns().size(); i++) {
                tuple.append(i == 0 ? "" : ", ").append(table.isJson(i) ? "?::jsonb" : "?");
            }
            tuple.append(')');
            StringBuilder out = new StringBuilder("INSERT INTO ").append(table.name()).append(" (")
                    .append(String.join(", ", table.columns())).append(") VALUES ");
            for (int r = 0; r < rows; r++) {
                out.append(r == 0 ? "" : ", ").append(tuple);
            }
            return out.append(" ON CONFLICT DO NOTHING").toString();
        });
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.OTHER);
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Instant i) {
            statement.setObject(index, OffsetDateTime.ofInstant(i, ZoneOffset.UTC));
        } else if (value instanceof LocalDate d) {
            statement.setObject(index, d);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof Integer i) {
            statement.setInt(index, i);
        } else if (value instanceof Short s) {
            statement.setShort(index, s);
        } else if (value instanceof Boolean b) {
            statement.setBoolean(index, b);
        } else if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, String> map = (Map<String, String>) m;
            statement.setString(index, JsonText.of(map));
        } else {
            throw new IllegalArgumentException("Cannot bind " + value.getClass().getName());
        }
    }
}
