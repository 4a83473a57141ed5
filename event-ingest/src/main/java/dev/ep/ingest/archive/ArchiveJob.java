package dev.ep.ingest.archive;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the archive on schedule and on demand, one run at a time in this instance (the archiver's advisory lock
 * guards across instances). A failed run is logged and retried at the next interval; nothing was dropped for what
 * failed.
 */
final class ArchiveJob {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveJob.class);

    private final Optional<PartitionArchiver> archiver;
    private final ReentrantLock running = new ReentrantLock();

    ArchiveJob(Optional<PartitionArchiver> archiver) {
        this.archiver = archiver;
    }

    boolean enabled() {
        return archiver.isPresent();
    }

    /** One run now; empty when another run of this instance is in progress. */
    Optional<PartitionArchiver.Result> runNow() throws SQLException, IOException {
        PartitionArchiver a = archiver.orElseThrow(() -> new IllegalStateException("archive is off"));
        if (!running.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.of(a.runOnce());
        } finally {
            running.unlock();
        }
    }

    void runScheduled() {
        try {
            runNow();
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.error("Archive run failed, nothing was dropped for the day that failed; retrying at the next run: {}",
                    e.toString());
        }
    }
}
