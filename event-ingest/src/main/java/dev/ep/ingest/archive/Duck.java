package dev.ep.ingest.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An embedded, in-memory DuckDB with bounded memory and threads, and the few operations the archive needs: stage
 * PostgreSQL rows (through the appender), write them as Parquet, read a Parquet file back. File paths are made by
 * {@link ArchiveLayout} from known tables and dates and quoted as SQL string literals; user input never reaches
 * DuckDB's SQL text (the history report binds it as parameters).
 */
final class Duck implements AutoCloseable {

    private final Connection connection;

    private Duck(Connection connection) {
        this.connection = connection;
    }

    /** A fresh in-memory database, spilling to {@code spillDirectory} beyond {@code memoryLimit}. */
    static Duck open(String memoryLimit, int threads, Path spillDirectory) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Duck duck = new Duck(c);
        try {
            duck.execute("SET memory_limit = " + literal(memoryLimit));
            duck.execute("SET threads = " + threads);
            duck.execute("SET temp_directory = " + literal(spillDirectory.toString()));
            duck.execute("SET preserve_insertion_order = false");
            duck.execute("SET TimeZone = 'UTC'");
        } catch (SQLException e) {
            duck.close();
            throw e;
        }
        return duck;
    }

    Connection connection() {
        return connection;
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    List<String> queryStrings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Creates a staging table of the columns' staging types. */
    void createStaging(String name, List<ArchiveTables.Column> columns) throws SQLException {
        execute("CREATE OR REPLACE TABLE " + name + " (" + columns.stream()
                .map(c -> c.name() + " " + c.kind().stagingType()).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Appends every row of a PostgreSQL result (columns as {@link ArchiveTables.Kind#pgValue} gives them, in the
     * order of {@code columns}) to a staging table; returns the number of rows, failing past {@code maxRows}.
     */
    long append(String table, List<ArchiveTables.Column> columns, ResultSet rows, long maxRows) throws SQLException {
        long count = 0;
        try (DuckDBAppender appender = ((DuckDBConnection) connection).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                table)) {
            while (rows.next()) {
                if (++count > maxRows) {
                    throw new TooManyRowsException(maxRows);
                }
                appender.beginRow();
                for (int i = 0; i < columns.size(); i++) {
                    switch (columns.get(i).kind().stagingType()) {
                        case "VARCHAR" -> {
                            String v = rows.getString(i + 1);
                            if (v == null) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        case "BIGINT" -> {
                            long v = rows.getLong(i + 1);
                            if (rows.wasNull()) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        case "BOOLEAN" -> {
                            boolean v = rows.getBoolean(i + 1);
                            if (rows.wasNull()) {
                                appender.appendNull();
                            } else {
                                appender.append(v);
                            }
                        }
                        default -> throw new IllegalStateException("no staging type " + columns.get(i));
                    }
                }
                appender.endRow();
            }
        }
        return count;
    }

    /** Writes the staging table's rows, converted to the Parquet types, to {@code file} (ZSTD-compressed). */
    void writeParquet(String staging, ArchiveTables.Table table, Path file) throws SQLException {
        String select = table.fileColumns().stream().map(c -> c.kind().fromStaging(c.name()) + " AS " + c.name())
                .collect(Collectors.joining(", "));
        execute("COPY (SELECT " + select + " FROM " + staging + ") TO " + literal(file.toString())
                + " (FORMAT parquet, COMPRESSION zstd)");
    }

    /** {@code read_parquet} over the files with the Hive partition column typed as DATE. */
    static String readParquet(List<java.nio.file.Path> files) {
        return "read_parquet([" + files.stream().map(f -> literal(f.toString())).collect(Collectors.joining(", "))
                + "], hive_partitioning = true, hive_types = {'event_date': DATE}, union_by_name = true)";
    }

    /** Reads a file back (every column, {@code event_date} from its directory) and returns its checksum. */
    Checksum checksum(ArchiveTables.Table table, Path file) throws SQLException {
        String select = table.columns().stream().map(c -> c.kind().duckValue(c.name()))
                .collect(Collectors.joining(", "));
        Checksum checksum = Checksum.EMPTY;
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + select + " FROM " + readParquet(List.of(file)))) {
            int n = table.columns().size();
            while (rs.next()) {
                List<String> values = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    values.add(v == null ? null : v.toString());
                }
                checksum = checksum.plus(values);
            }
        }
        return checksum;
    }

    /** The row keys ({@link ArchiveTables.Table#keyExpression}) of the files, for removing rows already archived. */
    List<String> keys(ArchiveTables.Table table, List<Path> files) throws SQLException {
        if (files.isEmpty()) {
            return List.of();
        }
        return queryStrings("SELECT " + table.keyExpression() + " FROM " + readParquet(files));
    }

    PreparedStatement prepare(String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** More rows than the bound allows. */
    static final class TooManyRowsException extends RuntimeException {

        TooManyRowsException(long max) {
            super("more than " + max + " rows");
        }
    }
}
