package dev.ep.ingest.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and drops the daily partitions of every event table. Partitions are created ahead (scheduled job and at
 * start) and on demand for any day a batch writes to, so no event is ever rejected for lack of a partition, and
 * there is no DEFAULT partition (which would have to be emptied before a day's partition could be created).
 *
 * <p>A new partition is created as a plain table and then attached, which takes only a SHARE UPDATE EXCLUSIVE lock
 * on the parent (reads and inserts continue); dropping detaches first. DDL runs with a lock timeout and under a
 * transaction-level advisory lock, so several instances never race and a long analysis query delays maintenance
 * instead of queueing every insert behind it.
 */
public final class PartitionManager {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionManager.class);
    /** Advisory lock key serialising partition DDL across instances ("EPIP"). */
    private static final long LOCK_KEY = 0x4550_4950L;
    private static final String LOCK_TIMEOUT = "5s";

    private final DataSource dataSource;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public PartitionManager(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Makes sure every table has a partition for each day. */
    public void ensure(Collection<LocalDate> days) throws SQLException {
        List<LocalDate> missing = days.stream().filter(d -> !known.contains(d)).toList();
        if (missing.isEmpty()) {
            return;
        }
        refresh();
        for (LocalDate day : missing) {
            if (!known.contains(day)) {
                create(day);
            }
        }
    }

    /** Creates yesterday's, today's and the next {@code daysAhead} days' partitions that are missing. */
    public void createAhead(LocalDate today, int daysAhead) throws SQLException {
        ensure(PartitionPlan.ahead(today, daysAhead));
    }

    /** Drops the partitions past retention (none when {@code retentionDays} is 0); returns the dropped tables. */
    public List<String> dropExpired(LocalDate today, int retentionDays) throws SQLException {
        Map<String, Set<LocalDate>> existing = existing();
        Set<LocalDate> all = new TreeSet<>();
        existing.values().forEach(all::addAll);
        List<String> dropped = new ArrayList<>();
        for (LocalDate day : PartitionPlan.expired(all, today, retentionDays)) {
            known.remove(day);
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    lock(s);
                    // Children first: decision_experiments before decisions is not required, but keeps days whole.
                    for (String table : Tables.NAMES) {
                        if (existing.getOrDefault(table, Set.of()).contains(day)) {
                            String partition = PartitionPlan.name(table, day);
                            s.execute("ALTER TABLE " + table + " DETACH PARTITION " + partition);
                            s.execute("DROP TABLE " + partition);
                            dropped.add(partition);
                        }
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            }
            LOG.info("Retention: dropped the partitions of {} (retention {} days)", day, retentionDays);
        }
        return dropped;
    }

    /** Work done inside the partition DDL transaction of {@link #underDdlLock}. */
    @FunctionalInterface
    public interface DdlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction holding the partition DDL lock (the advisory lock of partition maintenance,
     * with its lock timeout), so it never races partition creation or retention in any instance; then forgets
     * {@code day}, whose partition the work may have dropped. Used by the archive job to drop archived partitions.
     */
    public <T> T underDdlLock(LocalDate day, DdlWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                lock(s);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                known.remove(day);
            }
        }
    }

    /** Forgets what is known about these days (a partition was dropped elsewhere); the next write re-checks. */
    public void forget(Collection<LocalDate> days) {
        known.removeAll(days);
    }

    /** Days that have a partition in every table. */
    public Set<LocalDate> days() throws SQLException {
        refresh();
        return Set.copyOf(known);
    }

    /** Partition days per table, as PostgreSQL has them now. */
    public Map<String, Set<LocalDate>> existing() throws SQLException {
        Map<String, Set<LocalDate>> result = new HashMap<>();
        String sql = """
                SELECT p.relname AS parent, c.relname AS child
                FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_class p ON p.oid = i.inhparent
                JOIN pg_namespace n ON n.oid = p.relnamespace
                WHERE n.nspname = current_schema() AND p.relname = ANY (?)""";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("text", Tables.NAMES.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String parent = rs.getString(1);
                    PartitionPlan.day(parent, rs.getString(2)).ifPresent(
                            d -> result.computeIfAbsent(parent, k -> new TreeSet<>()).add(d));
                }
            }
        }
        return result;
    }

    private void refresh() throws SQLException {
        Map<String, Set<LocalDate>> existing = existing();
        Set<LocalDate> complete = null;
        for (String table : Tables.NAMES) {
            Set<LocalDate> days = new HashSet<>(existing.getOrDefault(table, Set.of()));
            if (complete == null) {
                complete = days;
            } else {
                complete.retainAll(days);
            }
        }
        known.addAll(complete);
    }

    private void create(LocalDate day) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                lock(s);
                for (String table : Tables.NAMES) {
                    String partition = PartitionPlan.name(table, day);
                    if (!exists(c, partition)) {
                        s.execute("CREATE TABLE " + partition + " (LIKE " + table + " INCLUDING DEFAULTS)");
                        s.execute("ALTER TABLE " + table + " ATTACH PARTITION " + partition + " FOR VALUES FROM ('"
                                + day + "') TO ('" + day.plusDays(1) + "')");
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        known.add(day);
        LOG.info("Created the partitions of {}", day);
    }

    private static void lock(Statement s) throws SQLException {
        s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
        s.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
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
}
