package dev.ep.ingest.archive;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The documented Parquet schema of the archive (README "Archive"): per event table, every column in file order with
 * its kind. {@code event_date} is not stored in the files: it is the Hive partition directory
 * ({@code event_date=YYYY-MM-DD}), as Trino's Hive connector and Spark expect. The archive job refuses a table whose
 * PostgreSQL columns differ from this list (a migration that adds a column must extend the archive schema first), so
 * no column is ever dropped silently. Plain Java.
 */
public final class ArchiveTables {

    /** How a column is typed in PostgreSQL, in the DuckDB staging table and in Parquet, and how it is canonicalised. */
    public enum Kind {
        /** text: Parquet BYTE_ARRAY (STRING). */
        TEXT("VARCHAR", "VARCHAR"),
        /** jsonb, stored as its PostgreSQL text (keys sorted, canonical): Parquet BYTE_ARRAY (STRING). */
        JSON("VARCHAR", "VARCHAR"),
        /** date (the partition key only). */
        DATE("VARCHAR", "DATE"),
        /** timestamptz: Parquet INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true); staged as epoch microseconds. */
        TIMESTAMP("BIGINT", "TIMESTAMPTZ"),
        /** smallint: Parquet INT32 (INT(16)). */
        SMALLINT("BIGINT", "SMALLINT"),
        /** integer: Parquet INT32. */
        INTEGER("BIGINT", "INTEGER"),
        /** bigint: Parquet INT64. */
        BIGINT("BIGINT", "BIGINT"),
        /** boolean: Parquet BOOLEAN. */
        BOOLEAN("BOOLEAN", "BOOLEAN");

        private final String stagingType;
        private final String duckType;

        Kind(String stagingType, String duckType) {
            this.stagingType = stagingType;
            this.duckType = duckType;
        }

        /** DuckDB type of the staging column the PostgreSQL value is appended to. */
        public String stagingType() {
            return stagingType;
        }

        /** DuckDB type written to Parquet. */
        public String duckType() {
            return duckType;
        }

        /** PostgreSQL expression giving the value as it is appended to the staging table (or as canonical text). */
        String pgValue(String column) {
            return switch (this) {
                case TEXT -> column;
                case JSON -> column + "::text";
                case DATE -> "to_char(" + column + ", 'YYYY-MM-DD')";
                case TIMESTAMP -> "(extract(epoch FROM " + column + ") * 1000000)::bigint";
                case SMALLINT, INTEGER, BIGINT -> column + "::bigint";
                case BOOLEAN -> column;
            };
        }

        /** DuckDB expression turning the staging column into the Parquet type. */
        String fromStaging(String column) {
            return switch (this) {
                case TEXT, JSON, BIGINT, BOOLEAN -> column;
                case DATE -> "CAST(" + column + " AS DATE)";
                case TIMESTAMP -> "CAST(make_timestamp(" + column + ") AS TIMESTAMPTZ)";
                case SMALLINT -> "CAST(" + column + " AS SMALLINT)";
                case INTEGER -> "CAST(" + column + " AS INTEGER)";
            };
        }

        /** DuckDB expression reading a Parquet column back in the staging representation (for the checksum). */
        String duckValue(String column) {
            return switch (this) {
                case TEXT, JSON, BOOLEAN -> column;
                case DATE -> "strftime(" + column + ", '%Y-%m-%d')";
                case TIMESTAMP -> "epoch_us(" + column + ")";
                case SMALLINT, INTEGER, BIGINT -> "CAST(" + column + " AS BIGINT)";
            };
        }

        /** PostgreSQL expression of the column's canonical text: "-" for NULL, else "&lt;UTF-8 length&gt;:&lt;text&gt;". */
        String pgCanonical(String column) {
            String text = switch (this) {
                case TEXT, JSON, DATE -> pgValue(column);
                case TIMESTAMP, SMALLINT, INTEGER, BIGINT -> pgValue(column) + "::text";
                case BOOLEAN -> column + "::text";
            };
            return "CASE WHEN " + column + " IS NULL THEN '-' ELSE octet_length(" + text + ")::text || ':' || " + text
                    + " END";
        }
    }

    /** One column of an archived table. */
    public record Column(String name, Kind kind) {

        public Column {
            if (name == null || !name.matches("[a-z_]{1,40}")) {
                throw new IllegalArgumentException("column name must be lower-case letters and _: " + name);
            }
        }
    }

    /**
     * One archived table: its columns in file order (the partition key {@code event_date} first, though it lives in
     * the path) and the SQL expression of its row key within a day (same text in PostgreSQL and DuckDB).
     */
    public record Table(String name, List<Column> columns, String keyExpression) {

        public Table {
            columns = List.copyOf(columns);
            if (!columns.get(1).name().equals(PARTITION_COLUMN)) {
                throw new IllegalArgumentException("event_date must be the second column of " + name);
            }
        }

        /** The columns stored in the Parquet files (all but {@code event_date}). */
        public List<Column> fileColumns() {
            return columns.stream().filter(c -> !c.name().equals(PARTITION_COLUMN)).toList();
        }

        /** Column names, comma-separated, in order. */
        String names(List<Column> which) {
            return which.stream().map(Column::name).collect(Collectors.joining(", "));
        }

        /** PostgreSQL expression of a row's canonical text (every column, in order). */
        String pgRowText() {
            return columns.stream().map(c -> "(" + c.kind().pgCanonical(c.name()) + ")")
                    .collect(Collectors.joining(" || "));
        }
    }

    public static final String PARTITION_COLUMN = "event_date";

    private static Column text(String name) {
        return new Column(name, Kind.TEXT);
    }

    private static Column col(String name, Kind kind) {
        return new Column(name, kind);
    }

    public static final Table DECISIONS = new Table("decisions", List.of(
            text("event_id"), col("event_date", Kind.DATE), col("event_time", Kind.TIMESTAMP), text("session_id"),
            text("user_id"), text("page"), col("attributes", Kind.JSON), col("config_version", Kind.BIGINT),
            col("holdout", Kind.BOOLEAN), col("experiment_count", Kind.INTEGER), col("ingested_at", Kind.TIMESTAMP),
            text("holdout_unit_type"), text("holdout_unit_id"), col("holdout_basis_points", Kind.INTEGER)),
            "event_id");

    public static final Table DECISION_EXPERIMENTS = new Table("decision_experiments", List.of(
            text("event_id"), col("event_date", Kind.DATE), col("position", Kind.SMALLINT),
            col("event_time", Kind.TIMESTAMP), text("session_id"), text("user_id"), text("layer_id"),
            text("experiment_id"), col("experiment_version", Kind.INTEGER), col("phase", Kind.INTEGER),
            text("treatment"), col("bucket", Kind.INTEGER), col("slot", Kind.INTEGER), col("forced", Kind.BOOLEAN),
            text("unit_type"), text("unit_id")),
            // position first: digits cannot contain ':', so the key is unambiguous whatever the event id holds
            "CAST(position AS VARCHAR) || ':' || event_id");

    public static final Table COVERAGE = new Table("coverage", List.of(
            text("event_id"), col("event_date", Kind.DATE), col("event_time", Kind.TIMESTAMP), text("session_id"),
            text("user_id"), text("layer_id"), text("experiment_id"), col("experiment_version", Kind.INTEGER),
            col("phase", Kind.INTEGER), text("treatment"), col("slot", Kind.INTEGER), col("forced", Kind.BOOLEAN),
            text("page"), col("config_version", Kind.BIGINT), col("ingested_at", Kind.TIMESTAMP), text("unit_type"),
            text("unit_id"), col("bucket", Kind.INTEGER), text("exposure_key"), col("decision_time", Kind.TIMESTAMP)),
            "event_id");

    public static final Table TRACKING = new Table("tracking_events", List.of(
            text("event_id"), col("event_date", Kind.DATE), col("event_time", Kind.TIMESTAMP),
            col("received_time", Kind.TIMESTAMP), text("session_id"), text("user_id"), text("type"), text("name"),
            text("page"), col("value_minor", Kind.BIGINT), text("currency"), col("properties", Kind.JSON),
            col("ingested_at", Kind.TIMESTAMP), text("order_id")),
            "event_id");

    /** Every archived table, parents before children. */
    public static final List<Table> ALL = List.of(DECISIONS, DECISION_EXPERIMENTS, COVERAGE, TRACKING);

    private ArchiveTables() {
    }

    /** The table of this name, or empty (names from anywhere else never reach SQL or a path). */
    public static Optional<Table> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
