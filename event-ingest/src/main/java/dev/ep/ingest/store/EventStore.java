package dev.ep.ingest.store;

import dev.ep.ingest.event.EventBatch;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Writes a batch in one transaction, creating the partitions it needs first. Failures are classified: a value the
 * database refuses (SQLSTATE class 22, data exception: {@link RejectedBatchException}) versus everything else
 * ({@link StoreUnavailableException}); the loader isolates the offending record for the first and retries the second.
 * Anything else, constraint violations included, is treated as retryable on purpose: validation already guarantees
 * what the constraints check, so such an error means a schema or code problem, and dead-lettering every record
 * would be worse than a stalled, loudly logged consumer that resumes once it is fixed.
 */
public final class EventStore {

    /** SQLSTATE 23514 with "no partition of relation ... found for row": a partition vanished (retention elsewhere). */
    private static final String NO_PARTITION = "23514";

    private final DataSource dataSource;
    private final PartitionManager partitions;
    private final BatchWriter writer;
    private final WriteMethod method;

    public EventStore(DataSource dataSource, PartitionManager partitions, WriteMethod method, int rowsPerStatement) {
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.method = method;
        this.writer = BatchWriter.of(method, rowsPerStatement);
    }

    public WriteMethod method() {
        return method;
    }

    /**
     * Writes the batch atomically; returns the number of rows inserted (rows already present are skipped).
     */
    public int store(EventBatch batch) throws StoreUnavailableException, RejectedBatchException {
        if (batch.isEmpty()) {
            return 0;
        }
        try {
            partitions.ensure(batch.dates());
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    int inserted = writer.write(c, batch);
                    c.commit();
                    return inserted;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (NO_PARTITION.equals(state) && String.valueOf(e.getMessage()).contains("no partition")) {
                partitions.forget(batch.dates());
                throw new StoreUnavailableException("A partition disappeared while writing: " + e.getMessage(), e);
            }
            if (state.startsWith("22")) {
                throw new RejectedBatchException("PostgreSQL rejected the data (SQLSTATE " + state + "): "
                        + e.getMessage(), e);
            }
            throw new StoreUnavailableException("PostgreSQL unavailable (SQLSTATE " + state + "): " + e.getMessage(),
                    e);
        }
    }

    /** True when a connection can be obtained and is valid. */
    public boolean isReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it
        }
    }
}
