package dev.ep.ingest.store;

import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled partition job: creates the partitions of yesterday, today and {@code daysAhead} days ahead, and drops
 * those past retention. Runs at start (before consuming) and then at a fixed interval; a failure is logged and the
 * next run tries again.
 */
public final class PartitionMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);

    /** What one run did. */
    public record Result(List<String> dropped) {
    }

    private final PartitionManager partitions;
    private final Clock clock;
    private final int daysAhead;
    private final int retentionDays;
    private final boolean archiveDrops;

    public PartitionMaintenance(PartitionManager partitions, Clock clock, int daysAhead, int retentionDays) {
        this(partitions, clock, daysAhead, retentionDays, false);
    }

    /**
     * @param archiveDrops the archive job is on: it drops each partition once its rows are archived and verified, so
     *                     retention drops nothing (it would drop partitions not archived yet)
     */
    public PartitionMaintenance(PartitionManager partitions, Clock clock, int daysAhead, int retentionDays,
                                boolean archiveDrops) {
        this.partitions = partitions;
        this.clock = clock;
        this.daysAhead = daysAhead;
        this.retentionDays = retentionDays;
        this.archiveDrops = archiveDrops;
        if (archiveDrops && retentionDays > 0) {
            LOG.info("Retention ({} days) leaves dropping to the archive job: a partition is dropped only after its "
                    + "rows are archived and verified", retentionDays);
        }
    }

    /** One run; throws when PostgreSQL fails (the start-up run must succeed). */
    public Result runOnce() throws SQLException {
        LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
        partitions.createAhead(today, daysAhead);
        return new Result(archiveDrops ? List.of() : partitions.dropExpired(today, retentionDays));
    }

    /** The scheduled run: failures are logged, not thrown. */
    public void run() {
        try {
            runOnce();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Partition maintenance failed, retrying at the next run: {}", e.toString());
        }
    }
}
