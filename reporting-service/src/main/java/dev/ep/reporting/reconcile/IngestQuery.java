package dev.ep.reporting.reconcile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Runs {@code reconciliation.sql} (the README's SQL, as written there) on event-ingest's database, read-only, and
 * returns its aggregates. The SQL's {@code $1..$4} appear once each, in order, so they become JDBC's {@code ?}.
 */
public final class IngestQuery {

    static final String SQL_RESOURCE = "/dev/ep/reporting/reconcile/reconciliation.sql";

    private final DataSource dataSource;
    private final String sql;

    public IngestQuery(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.sql = jdbcSql(sqlText());
    }

    /** The SQL as a data scientist runs it in psql (with {@code PREPARE}). */
    public static String sqlText() {
        try (InputStream in = IngestQuery.class.getResourceAsStream(SQL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SQL_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String jdbcSql(String text) {
        String jdbc = text;
        for (int i = 1; i <= 4; i++) {
            String placeholder = "$" + i;
            if (jdbc.indexOf(placeholder) != jdbc.lastIndexOf(placeholder) || !jdbc.contains(placeholder)) {
                throw new IllegalStateException("the SQL must use " + placeholder + " exactly once outside comments");
            }
            jdbc = jdbc.replace(placeholder, "?");
        }
        return jdbc;
    }

    /** Every aggregate of the experiment from the tables, counting inputs whose server time is ≤ {@code cutOff}. */
    public Map<AggregateKey, Figures> aggregates(String experimentId, Instant cutOff, long windowMs, String rulesJson)
            throws SQLException {
        Map<AggregateKey, Figures> result = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, experimentId);
                statement.setObject(2, OffsetDateTime.ofInstant(cutOff, ZoneOffset.UTC));
                statement.setLong(3, windowMs);
                statement.setObject(4, rulesJson, Types.OTHER);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        AggregateKey.Kind kind = AggregateKey.Kind.valueOf(rs.getString("aggregate"));
                        AggregateKey key = new AggregateKey(kind, rs.getInt("phase"), rs.getString("treatment"),
                                rs.getString("metric"));
                        long n = rs.getLong("n");
                        result.put(key, kind == AggregateKey.Kind.METRIC
                                ? new Figures(n, integer(rs, "sum_y"), integer(rs, "sum_y2"), integer(rs, "sum_x"),
                                        integer(rs, "sum_x2"), integer(rs, "sum_xy"))
                                : Figures.units(n));
                    }
                }
            }
        }
        return result;
    }

    private static BigInteger integer(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? BigInteger.ZERO : value.toBigIntegerExact();
    }
}
