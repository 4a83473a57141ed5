package dev.ep.ingest.archive;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The README's conversion report over any date range, archived days and PostgreSQL days together, in an embedded
 * DuckDB: the archived coverage and orders are read from the Parquet files the manifest lists as dropped from
 * PostgreSQL, the rest is copied from PostgreSQL, both in one consistent view (the event tables are share-locked
 * before the snapshot, so an archive drop commits either wholly before or wholly after the read). A row present in
 * both (an archived event delivered again and not yet re-archived) is counted once. Then the README's query runs
 * unchanged in meaning. The conversion percentage is computed exactly in Java, as PostgreSQL's {@code round(numeric, 2)}
 * does.
 */
public final class HistoryQuery {

    /** One arm of the report: the README query's columns. */
    public record Arm(String treatment, long units, long converted, BigDecimal conversionPct, long orders,
                      long revenueMinor) {
    }

    /** The report and what it read. */
    public record Report(List<Arm> arms, int archivedFiles, long postgresRows, long archivedRows) {
    }

    /** Reports running at once, at most (each holds one DuckDB of {@code memoryLimit}). */
    static final int CONCURRENT_REPORTS = 2;

    /** Every report slot stayed busy for {@link #WAIT_FOR_SLOT}. */
    public static final class BusyException extends RuntimeException {

        BusyException() {
            super("history reports are busy (" + CONCURRENT_REPORTS + " at a time), try again shortly");
        }
    }

    private static final java.time.Duration WAIT_FOR_SLOT = java.time.Duration.ofSeconds(10);
    private final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(CONCURRENT_REPORTS, true);

    /** The range asks for more rows than the bound. */
    public static final class TooLargeException extends RuntimeException {

        TooLargeException(long max) {
            super("the report would read more than " + max + " coverage and order rows; narrow the date range");
        }
    }

    private static final List<ArchiveTables.Column> COVERAGE = columns(ArchiveTables.COVERAGE, "event_id",
            "event_date", "event_time", "exposure_key", "unit_type", "unit_id", "treatment", "forced");
    private static final List<ArchiveTables.Column> ORDERS = columns(ArchiveTables.TRACKING, "event_id", "event_date",
            "received_time", "session_id", "user_id", "order_id", "value_minor");

    private static final String REPORT = """
            WITH first_exposure AS (
                SELECT DISTINCT ON (exposure_key)
                       exposure_key, unit_type, unit_id, treatment, forced, event_time AS exposed_at
                FROM coverage_all
                ORDER BY exposure_key, event_time, event_id
            ), exposed AS (
                SELECT * FROM first_exposure WHERE NOT forced
            ), orders AS (
                SELECT 'SESSION' AS unit_type, session_id AS unit_id, event_id, order_id, received_time, value_minor
                FROM orders_all
                UNION ALL
                SELECT 'USER', user_id, event_id, order_id, received_time, value_minor
                FROM orders_all
                WHERE user_id IS NOT NULL
            ), attributed AS (
                SELECT DISTINCT ON (e.exposure_key, coalesce('order:' || o.order_id, 'event:' || o.event_id))
                       e.exposure_key, o.value_minor
                FROM exposed e
                JOIN orders o
                  ON o.unit_type = e.unit_type
                 AND o.unit_id = e.unit_id
                 AND o.received_time >= e.exposed_at
                ORDER BY e.exposure_key, coalesce('order:' || o.order_id, 'event:' || o.event_id), o.received_time,
                         o.event_id
            ), outcome AS (
                SELECT e.treatment, e.exposure_key,
                       count(a.exposure_key)           AS orders,
                       coalesce(sum(a.value_minor), 0) AS revenue_minor
                FROM exposed e
                LEFT JOIN attributed a ON a.exposure_key = e.exposure_key
                GROUP BY e.treatment, e.exposure_key
            )
            SELECT treatment,
                   count(*)                                   AS units,
                   count(*) FILTER (WHERE orders > 0)         AS converted,
                   CAST(sum(orders) AS BIGINT)                AS orders,
                   CAST(sum(revenue_minor) AS BIGINT)         AS revenue_minor
            FROM outcome
            GROUP BY treatment
            ORDER BY treatment""";

    private static final String DATE_RANGE = "event_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)";

    private final DataSource dataSource;
    private final ArchiveLayout layout;
    private final String memoryLimit;
    private final int threads;
    private final int maxDays;
    private final long maxRows;
    private final Path spill;

    /**
     * @param layout the archive, or null when archiving is off (PostgreSQL only)
     * @param spill DuckDB's spill directory
     */
    public HistoryQuery(DataSource dataSource, ArchiveLayout layout, String memoryLimit, int threads, int maxDays,
                        long maxRows, Path spill) {
        this.dataSource = dataSource;
        this.layout = layout;
        this.memoryLimit = memoryLimit;
        this.threads = threads;
        this.maxDays = maxDays;
        this.maxRows = maxRows;
        this.spill = spill;
    }

    public int maxDays() {
        return maxDays;
    }

    public Report report(HistoryRequest request) throws SQLException, IOException {
        if (request.coverageDays() > maxDays) {
            throw new IllegalArgumentException("the coverage range may span at most " + maxDays + " days, got "
                    + request.coverageDays());
        }
        try {
            if (!slots.tryAcquire(WAIT_FOR_SLOT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        try {
            return run(request);
        } finally {
            slots.release();
        }
    }

    private Report run(HistoryRequest request) throws SQLException, IOException {
        Files.createDirectories(spill);
        try (Connection pg = dataSource.getConnection(); Duck duck = Duck.open(memoryLimit, threads, spill)) {
            List<Path> coverageFiles = new ArrayList<>();
            List<Path> orderFiles = new ArrayList<>();
            long pgRows;
            pg.setAutoCommit(false);
            pg.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                try (Statement s = pg.createStatement()) {
                    // before the snapshot: an archive drop (ACCESS EXCLUSIVE) commits wholly before or after us
                    s.execute("LOCK TABLE coverage, tracking_events, archived_partitions IN ACCESS SHARE MODE");
                }
                if (layout != null) {
                    files(pg, "coverage", request.from(), request.to(), coverageFiles);
                    files(pg, "tracking_events", request.from(), request.ordersTo(), orderFiles);
                }
                duck.createStaging("pg_coverage", COVERAGE);
                duck.createStaging("pg_orders", ORDERS);
                try (PreparedStatement s = pg.prepareStatement("SELECT " + pgSelect(COVERAGE) + " FROM coverage "
                        + "WHERE experiment_id = ? AND phase = ? AND exposure_key IS NOT NULL "
                        + "AND event_date BETWEEN ? AND ?")) {
                    s.setString(1, request.experimentId());
                    s.setInt(2, request.phase());
                    s.setObject(3, request.from());
                    s.setObject(4, request.to());
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery()) {
                        pgRows = duck.append("pg_coverage", COVERAGE, rs, maxRows);
                    }
                }
                try (PreparedStatement s = pg.prepareStatement("SELECT " + pgSelect(ORDERS) + " FROM tracking_events "
                        + "WHERE type = 'ORDER' AND event_date BETWEEN ? AND ?")) {
                    s.setObject(1, request.from());
                    s.setObject(2, request.ordersTo());
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery()) {
                        pgRows += duck.append("pg_orders", ORDERS, rs, maxRows - pgRows);
                    }
                }
                pg.commit();
            } catch (Duck.TooManyRowsException e) {
                pg.rollback();
                throw new TooLargeException(maxRows);
            } catch (SQLException | RuntimeException e) {
                pg.rollback();
                throw e;
            }
            archived(duck, "arch_coverage", "pg_coverage", COVERAGE, coverageFiles,
                    "experiment_id = ? AND phase = ? AND exposure_key IS NOT NULL AND " + DATE_RANGE,
                    request.experimentId(), request.phase(), request.from(), request.to());
            archived(duck, "arch_orders", "pg_orders", ORDERS, orderFiles,
                    "type = 'ORDER' AND " + DATE_RANGE, request.from(), request.ordersTo());
            long archivedRows = duck.queryLong("SELECT (SELECT count(*) FROM arch_coverage) "
                    + "+ (SELECT count(*) FROM arch_orders)");
            if (archivedRows + pgRows > maxRows) {
                throw new TooLargeException(maxRows);
            }
            union(duck, "coverage_all", "arch_coverage", "pg_coverage", COVERAGE);
            union(duck, "orders_all", "arch_orders", "pg_orders", ORDERS);
            List<Arm> arms = new ArrayList<>();
            try (Statement s = duck.connection().createStatement(); ResultSet rs = s.executeQuery(REPORT)) {
                while (rs.next()) {
                    long units = rs.getLong(2);
                    long converted = rs.getLong(3);
                    arms.add(new Arm(rs.getString(1), units, converted, percent(converted, units), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
            return new Report(arms, coverageFiles.size() + orderFiles.size(), pgRows, archivedRows);
        }
    }

    /** {@code round(100.0 * converted / units, 2)} as PostgreSQL computes it (half away from zero). */
    static BigDecimal percent(long converted, long units) {
        return BigDecimal.valueOf(100L * converted).divide(BigDecimal.valueOf(units), 2, RoundingMode.HALF_UP);
    }

    private void files(Connection pg, String table, LocalDate from, LocalDate to, List<Path> into)
            throws SQLException, IOException {
        try (PreparedStatement s = pg.prepareStatement("SELECT file FROM archived_partitions WHERE dropped "
                + "AND table_name = ? AND event_date BETWEEN ? AND ? ORDER BY file")) {
            s.setString(1, table);
            s.setObject(2, from);
            s.setObject(3, to);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String relative = rs.getString(1);
                    Path file = layout.resolve(relative)
                            .orElseThrow(() -> new IOException("bad path in the archive manifest: " + relative));
                    if (!Files.isRegularFile(file)) {
                        throw new IOException("archived file " + relative + " is missing from " + layout.root());
                    }
                    into.add(file);
                }
            }
        }
    }

    /** Materialises the archived rows of the range (user input bound as parameters), or an empty table. */
    private static void archived(Duck duck, String name, String like, List<ArchiveTables.Column> columns,
                                 List<Path> files, String condition, Object... parameters) throws SQLException {
        duck.execute("CREATE TABLE " + name + " AS SELECT * FROM " + like + " WHERE false");
        if (files.isEmpty()) {
            return;
        }
        String select = columns.stream().map(c -> c.kind().duckValue(c.name())).collect(Collectors.joining(", "));
        try (PreparedStatement s = duck.prepare("INSERT INTO " + name + " SELECT " + select + " FROM "
                + Duck.readParquet(files) + " WHERE " + condition)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p instanceof LocalDate d) {
                    s.setString(i + 1, d.toString());
                } else if (p instanceof Integer n) {
                    s.setInt(i + 1, n);
                } else {
                    s.setString(i + 1, (String) p);
                }
            }
            s.execute();
        }
    }

    /** Archived rows plus the PostgreSQL rows not already archived (same event id and day: counted once). */
    private static void union(Duck duck, String name, String archived, String live, List<ArchiveTables.Column> columns)
            throws SQLException {
        String names = columns.stream().map(ArchiveTables.Column::name).collect(Collectors.joining(", "));
        duck.execute("CREATE TABLE " + name + " AS SELECT " + names + " FROM " + archived + " UNION ALL SELECT "
                + names + " FROM " + live + " p WHERE NOT EXISTS (SELECT 1 FROM " + archived
                + " a WHERE a.event_id = p.event_id AND a.event_date = p.event_date)");
    }

    private static String pgSelect(List<ArchiveTables.Column> columns) {
        return columns.stream().map(c -> c.kind().pgValue(c.name())).collect(Collectors.joining(", "));
    }

    private static List<ArchiveTables.Column> columns(ArchiveTables.Table table, String... names) {
        List<ArchiveTables.Column> result = new ArrayList<>();
        for (String name : names) {
            result.add(table.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow());
        }
        return List.copyOf(result);
    }
}
