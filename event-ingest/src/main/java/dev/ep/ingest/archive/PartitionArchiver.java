package dev.ep.ingest.archive;

import dev.ep.ingest.store.PartitionManager;
import dev.ep.ingest.store.PartitionPlan;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive job: moves each closed day of each event table from PostgreSQL to a verified Parquet file, then drops
 * the partition. Per table and day, step by step ({@link ArchiveStep}): read the partition in one snapshot into an
 * embedded DuckDB, write a hidden temporary file, force it to disk, read it back and compare its row count and
 * checksum with the same computed by SQL on the partition, rename it atomically, record it in the manifest, and only
 * then, holding the partition DDL lock and an exclusive lock on the table, check that the partition still holds
 * exactly the rows archived and drop it (or, if late rows arrived meanwhile, delete only the archived rows). A death
 * after any step leaves a state the next run finishes: leftover temporary files are removed, a renamed file without
 * a manifest row is verified again (recorded if it matches, replaced if not), a manifest row whose rows are still in
 * PostgreSQL finishes the drop. Nothing is dropped before its file is verified, durable and recorded.
 *
 * <p>One run at a time across instances: a session-level advisory lock (its own key, taken with try-lock) guards the
 * run; every DDL step also takes partition maintenance's lock, so the archive never races partition creation or
 * retention.
 */
public final class PartitionArchiver {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionArchiver.class);
    /** Advisory lock key of an archive run ("EPAR"). */
    private static final long RUN_LOCK_KEY = 0x4550_4152L;
    private static final int FETCH_SIZE = 10_000;

    /** What one run did. */
    public record Result(boolean ran, List<String> files, List<String> droppedPartitions, long rowsArchived,
                         List<String> expiredDays) {
    }

    /** A manifest row. */
    record Entry(String table, LocalDate day, String file, long rows, String checksum, long sourceRows,
                 boolean dropped) {
    }

    private final DataSource dataSource;
    private final PartitionManager partitions;
    private final ArchiveLayout layout;
    private final ArchiveSettings settings;
    private final Clock clock;
    private final ArchiveStep.Hook hook;

    public PartitionArchiver(DataSource dataSource, PartitionManager partitions, ArchiveSettings settings, Clock clock,
                             ArchiveStep.Hook hook) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.layout = new ArchiveLayout(settings.directory());
        this.settings = settings;
        this.clock = clock;
        this.hook = hook;
    }

    public ArchiveLayout layout() {
        return layout;
    }

    /**
     * One run: finishes what a previous run left, archives every closed day, expires days past keep-days. Returns
     * {@code ran = false} when another instance is running it. Throws on the first failure; everything done before
     * it stays done and the next run carries on.
     */
    public Result runOnce() throws SQLException, IOException {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        try (Connection lockConnection = dataSource.getConnection()) {
            if (!tryLock(lockConnection)) {
                LOG.info("Archive: another instance is running the archive job; skipped");
                return new Result(false, List.of(), List.of(), 0, List.of());
            }
            try {
                return run(today);
            } finally {
                unlock(lockConnection);
            }
        }
    }

    private Result run(LocalDate today) throws SQLException, IOException {
        Files.createDirectories(layout.root());
        removeTemporaryFiles();
        try (Duck duck = Duck.open(settings.duckMemoryLimit(), settings.duckThreads(), spillDirectory())) {
            return run(today, duck);
        }
    }

    private Result run(LocalDate today, Duck duck) throws SQLException, IOException {
        List<String> files = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        long rows = 0;
        for (Entry pending : manifest("NOT dropped")) {
            dropped.addAll(finishDrop(duck, ArchiveTables.byName(pending.table()).orElseThrow(), pending.day()));
        }
        LocalDate lastClosed = today.minusDays(settings.afterDays());
        Map<String, Set<LocalDate>> existing = partitions.existing();
        for (ArchiveTables.Table table : ArchiveTables.ALL) {
            for (LocalDate day : new TreeSet<>(existing.getOrDefault(table.name(), Set.of()))) {
                if (day.isAfter(lastClosed)) {
                    continue;
                }
                Entry written = archive(duck, table, day);
                if (written != null) {
                    files.add(written.file());
                    rows += written.rows();
                }
                dropped.addAll(finishDrop(duck, table, day));
            }
        }
        List<String> expired = settings.keepDays() == 0 ? List.of() : expire(today.minusDays(settings.keepDays()));
        if (!files.isEmpty() || !dropped.isEmpty() || !expired.isEmpty()) {
            LOG.info("Archive: {} file(s), {} row(s) archived; {} partition(s) dropped; {} day(s) expired", files.size(),
                    rows, dropped.size(), expired.size());
        }
        return new Result(true, files, dropped, rows, expired);
    }

    /**
     * Writes, verifies, renames and records the day's rows that are not archived yet; returns the manifest entry, or
     * null when the partition is empty (the drop step removes it without a file).
     */
    private Entry archive(Duck duck, ArchiveTables.Table table, LocalDate day) throws SQLException, IOException {
        String partition = PartitionPlan.name(table.name(), day);
        List<Entry> earlier = manifest(table, day);
        if (earlier.stream().anyMatch(e -> !e.dropped())) {
            return null; // its drop did not finish (lock timeout): the next run retries it before writing more
        }
        List<Path> earlierFiles = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Entry e : earlier) {
            names.add(e.file());
            resolve(e.file()).filter(Files::exists).ifPresent(earlierFiles::add);
        }
        int sequence = 0;
        while (names.contains(layout.relative(table, day, sequence))) {
            sequence++;
        }
        String relative = layout.relative(table, day, sequence);
        Path file = resolve(relative).orElseThrow();
        Path temporary = ArchiveLayout.temporary(file);
        Files.createDirectories(file.getParent());

        long sourceRows;
        Checksum written;
        try (Connection pg = dataSource.getConnection()) {
            pg.setAutoCommit(false);
            pg.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                checkColumns(pg, table);
                sourceRows = count(pg, partition);
                if (sourceRows == 0) {
                    pg.commit();
                    return null;
                }
                duck.createStaging("staging", table.columns());
                try (PreparedStatement s = pg.prepareStatement("SELECT " + stagingSelect(table) + " FROM "
                        + partition)) {
                    s.setFetchSize(FETCH_SIZE);
                    try (ResultSet rs = s.executeQuery()) {
                        duck.append("staging", table.columns(), rs, Long.MAX_VALUE);
                    }
                }
                // rows of the partition already in an earlier file of the day (an archived event delivered again)
                List<String> duplicates = List.of();
                if (!earlierFiles.isEmpty()) {
                    duck.execute("CREATE OR REPLACE TABLE archived_keys AS SELECT DISTINCT " + table.keyExpression()
                            + " AS k FROM " + Duck.readParquet(earlierFiles));
                    duplicates = duck.queryStrings("SELECT " + table.keyExpression() + " FROM staging WHERE "
                            + table.keyExpression() + " IN (SELECT k FROM archived_keys)");
                    duck.execute("DELETE FROM staging WHERE " + table.keyExpression()
                            + " IN (SELECT k FROM archived_keys)");
                }
                Checksum expected = pgChecksum(pg, table, partition, duplicates);
                if (Files.exists(file)) {
                    // renamed by a run that died before recording it: keep it if it still matches the partition
                    Checksum found = duck.checksum(table, file);
                    if (found.equals(expected)) {
                        pg.commit();
                        LOG.info("Archive: {} was renamed but not recorded; verified again, recording it", relative);
                        return record(table, day, relative, expected, sourceRows);
                    }
                    LOG.warn("Archive: {} was renamed but not recorded and no longer matches {} ({} vs {}); "
                            + "writing it again", relative, partition, found.text(), expected.text());
                    Files.delete(file);
                }
                duck.writeParquet("staging", table, temporary);
                hook.after(ArchiveStep.WRITTEN, table.name(), day);
                force(temporary);
                hook.after(ArchiveStep.SYNCED, table.name(), day);
                written = duck.checksum(table, temporary);
                if (!written.equals(expected)) {
                    throw new IOException("Archive: " + relative + " does not match " + partition + " after writing ("
                            + written.text() + " in the file, " + expected.text() + " in PostgreSQL); nothing dropped");
                }
                hook.after(ArchiveStep.VERIFIED, table.name(), day);
                pg.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                // a failure (a full disk among them): nothing recorded or dropped, the next run starts the day again
                pg.rollback();
                Files.deleteIfExists(temporary);
                throw e;
            }
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(file.getParent());
        hook.after(ArchiveStep.RENAMED, table.name(), day);
        // source rows from the snapshot the file was written from: late rows since then are not counted, so the drop
        // step sees them and keeps them
        return record(table, day, relative, written, sourceRows);
    }

    private Entry record(ArchiveTables.Table table, LocalDate day, String relative, Checksum checksum, long sourceRows)
            throws SQLException, IOException {
        try (Connection pg = dataSource.getConnection();
             PreparedStatement s = pg.prepareStatement("INSERT INTO archived_partitions (table_name, event_date, file, "
                     + "rows, checksum, source_rows) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, table.name());
            s.setObject(2, day);
            s.setString(3, relative);
            s.setLong(4, checksum.rows());
            s.setString(5, checksum.text());
            s.setLong(6, sourceRows);
            s.executeUpdate();
        }
        hook.after(ArchiveStep.RECORDED, table.name(), day);
        return new Entry(table.name(), day, relative, checksum.rows(), checksum.text(), sourceRows, false);
    }

    /**
     * The drop step of a day, under the partition DDL lock and an exclusive lock on the table (no insert can land
     * meanwhile): if the partition holds exactly the rows the pending manifest entry accounts for, detach and drop it;
     * if it holds more (late rows arrived after the snapshot), delete only the rows whose keys are in the day's files
     * and keep the partition for the next run; if it holds fewer, something else deleted rows: refuse. An empty
     * partition without a manifest entry is dropped. Returns the dropped partitions.
     */
    private List<String> finishDrop(Duck duck, ArchiveTables.Table table, LocalDate day) throws SQLException, IOException {
        List<Entry> entries = manifest(table, day);
        List<Entry> pending = entries.stream().filter(e -> !e.dropped()).toList();
        if (pending.size() > 1) {
            throw new IllegalStateException("Archive: more than one pending manifest entry for " + table.name() + " "
                    + day + ": " + pending);
        }
        List<Path> files = new ArrayList<>();
        for (Entry e : entries) {
            files.add(resolve(e.file()).orElseThrow(() -> new IllegalStateException("bad manifest path " + e.file())));
        }
        for (Path f : files) {
            if (!Files.exists(f)) {
                throw new IOException("Archive: " + f + " is in the manifest but missing; nothing dropped");
            }
        }
        String partition = PartitionPlan.name(table.name(), day);
        List<String> dropped = partitions.underDdlLock(day, c -> {
            if (!exists(c, partition)) {
                markDropped(c, pending);
                return List.of();
            }
            try (Statement s = c.createStatement()) {
                s.execute("LOCK TABLE " + table.name() + " IN ACCESS EXCLUSIVE MODE");
            }
            long rows = count(c, partition);
            long expected = pending.isEmpty() ? 0 : pending.get(0).sourceRows();
            if (rows == expected) {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE " + table.name() + " DETACH PARTITION " + partition);
                    s.execute("DROP TABLE " + partition);
                }
                markDropped(c, pending);
                return List.of(partition);
            }
            if (pending.isEmpty()) {
                return List.of(); // rows that are not archived yet: the next run writes them
            }
            if (rows < expected) {
                throw new IllegalStateException("Archive: " + partition + " has " + rows + " rows, fewer than the "
                        + expected + " archived in " + pending.get(0).file() + "; rows were deleted by something else."
                        + " Nothing dropped; check the partition and the manifest by hand");
            }
            List<String> keys = duck.keys(table, files);
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + partition + " WHERE "
                    + table.keyExpression() + " = ANY (?)")) {
                s.setArray(1, c.createArrayOf("text", keys.toArray()));
                int deleted = s.executeUpdate();
                LOG.info("Archive: {} received {} late row(s) while it was archived; deleted the {} archived row(s), "
                        + "the rest is archived by the next run", partition, rows - expected, deleted);
            }
            markDropped(c, pending);
            return List.of();
        });
        hook.after(ArchiveStep.DROPPED, table.name(), day);
        return dropped;
    }

    private static void markDropped(Connection c, List<Entry> pending) throws SQLException {
        for (Entry e : pending) {
            try (PreparedStatement s = c.prepareStatement("UPDATE archived_partitions SET dropped = true, "
                    + "dropped_at = clock_timestamp() WHERE table_name = ? AND event_date = ? AND file = ?")) {
                s.setString(1, e.table());
                s.setObject(2, e.day());
                s.setString(3, e.file());
                s.executeUpdate();
            }
        }
    }

    /** Removes the manifest entries and files of days before {@code oldestKept}; returns "table/day" of each. */
    private List<String> expire(LocalDate oldestKept) throws SQLException, IOException {
        List<String> expired = new ArrayList<>();
        try (Connection pg = dataSource.getConnection();
             PreparedStatement s = pg.prepareStatement("DELETE FROM archived_partitions WHERE event_date < ? AND "
                     + "dropped RETURNING table_name, event_date")) {
            s.setObject(1, oldestKept);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    expired.add(rs.getString(1) + "/" + rs.getObject(2, LocalDate.class));
                }
            }
        }
        // files after the manifest: a death in between leaves files no reader of the manifest uses, removed here
        // by the next run
        for (ArchiveTables.Table table : ArchiveTables.ALL) {
            Path tableDirectory = layout.root().resolve(table.name());
            if (!Files.isDirectory(tableDirectory)) {
                continue;
            }
            try (DirectoryStream<Path> days = Files.newDirectoryStream(tableDirectory)) {
                for (Path dayDirectory : days) {
                    String name = dayDirectory.getFileName().toString();
                    if (name.startsWith(ArchiveTables.PARTITION_COLUMN + "=")
                            && name.length() == ArchiveTables.PARTITION_COLUMN.length() + 11
                            && parse(name.substring(ArchiveTables.PARTITION_COLUMN.length() + 1))
                                    .map(d -> d.isBefore(oldestKept)).orElse(false)
                            && !partitionExists(table, dayDirectory)) {
                        deleteTree(dayDirectory);
                    }
                }
            }
        }
        return expired;
    }

    private boolean partitionExists(ArchiveTables.Table table, Path dayDirectory) throws SQLException {
        LocalDate day = LocalDate.parse(dayDirectory.getFileName().toString()
                .substring(ArchiveTables.PARTITION_COLUMN.length() + 1));
        try (Connection c = dataSource.getConnection()) {
            return exists(c, PartitionPlan.name(table.name(), day));
        }
    }

    private static java.util.Optional<LocalDate> parse(String text) {
        try {
            return java.util.Optional.of(LocalDate.parse(text));
        } catch (java.time.format.DateTimeParseException e) {
            return java.util.Optional.empty();
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The manifest's entries for one table's day. */
    List<Entry> manifest(ArchiveTables.Table table, LocalDate day) throws SQLException {
        return query("SELECT table_name, event_date, file, rows, checksum, source_rows, dropped FROM archived_partitions"
                + " WHERE table_name = ? AND event_date = ? ORDER BY file", table.name(), day);
    }

    private List<Entry> manifest(String condition) throws SQLException {
        return query("SELECT table_name, event_date, file, rows, checksum, source_rows, dropped FROM archived_partitions"
                + " WHERE " + condition + " ORDER BY table_name, event_date, file");
    }

    private List<Entry> query(String sql, Object... parameters) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                            rs.getLong(4), rs.getString(5), rs.getLong(6), rs.getBoolean(7)));
                }
            }
        }
        return entries;
    }

    private java.util.Optional<Path> resolve(String relative) {
        return layout.resolve(relative);
    }

    private Path spillDirectory() throws IOException {
        return Files.createDirectories(layout.root().resolve(".duckdb-spill"));
    }

    private void removeTemporaryFiles() throws IOException {
        for (ArchiveTables.Table table : ArchiveTables.ALL) {
            Path directory = layout.root().resolve(table.name());
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(directory, 2)) {
                for (Path p : paths.filter(Files::isRegularFile).filter(ArchiveLayout::isTemporary).toList()) {
                    LOG.info("Archive: removing {} left by a run that died while writing it", p);
                    Files.delete(p);
                }
            }
        }
    }

    private static String stagingSelect(ArchiveTables.Table table) {
        return String.join(", ", table.columns().stream().map(c -> c.kind().pgValue(c.name())).toList());
    }

    /** The partition's checksum by SQL, leaving out the rows with the given keys (already in an earlier file). */
    static Checksum pgChecksum(Connection pg, ArchiveTables.Table table, String partition,
                                       List<String> excludedKeys) throws SQLException {
        String sql = "SELECT count(*), coalesce(sum(('x' || substr(md5(" + table.pgRowText()
                + "), 1, 15))::bit(60)::bigint), 0) FROM " + partition + " WHERE NOT (" + table.keyExpression()
                + " = ANY (?))";
        try (PreparedStatement s = pg.prepareStatement(sql)) {
            s.setArray(1, pg.createArrayOf("text", excludedKeys.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return new Checksum(rs.getLong(1), rs.getBigDecimal(2).toBigIntegerExact());
            }
        }
    }

    private static void checkColumns(Connection pg, ArchiveTables.Table table) throws SQLException {
        Set<String> actual = new TreeSet<>();
        try (PreparedStatement s = pg.prepareStatement("SELECT column_name FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ?")) {
            s.setString(1, table.name());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    actual.add(rs.getString(1));
                }
            }
        }
        Set<String> expected = new TreeSet<>(table.columns().stream().map(ArchiveTables.Column::name).toList());
        if (!actual.equals(expected)) {
            throw new IllegalStateException("Archive: the columns of " + table.name() + " are " + actual
                    + " but the archive schema has " + expected + "; extend ArchiveTables (and the README schema) "
                    + "before archiving, nothing was archived");
        }
    }

    private static long count(Connection c, String partition) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + partition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + RUN_LOCK_KEY + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void unlock(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_unlock(" + RUN_LOCK_KEY + ")");
        } catch (SQLException e) {
            LOG.warn("Archive: could not release the run lock (released when the connection closes): {}", e.toString());
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for fsync; the rename is still atomic
            LOG.debug("Archive: could not force directory {}: {}", directory, e.toString());
        }
    }

}
