package dev.ep.ingest.store;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schema migrations without making PostgreSQL a start-up dependency. At start the migration is tried
 * once; if PostgreSQL cannot be reached (no connection, SQLSTATE class 08, {@code 57P03} "starting up", {@code 53300}
 * too many connections) the service starts anyway and a daemon thread retries with exponential back-off (the loader's
 * {@code ep.ingest.backoff}) until it succeeds; the loader starts consuming only after that ({@link #awaitMigrated}).
 * Any other failure (a migration that does not apply, a checksum mismatch) fails start-up as before: that is a
 * deployment mistake, not an outage. Plain Java: the migration itself is passed in (Flyway's {@code migrate}).
 */
public final class SchemaMigration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);

    private final Duration initialPause;
    private final Duration maxPause;
    private final Clock clock;
    private final CountDownLatch migrated = new CountDownLatch(1);
    private volatile Waiting waiting;
    private volatile boolean closed;
    private Thread retrier;

    /** Since when, and why, the migration is still waiting for PostgreSQL. */
    public record Waiting(Instant since, String lastError, int attempts) {
    }

    public SchemaMigration(Duration initialPause, Duration maxPause, Clock clock) {
        this.initialPause = initialPause;
        this.maxPause = maxPause;
        this.clock = clock;
    }

    /** The start-up attempt: migrates now, or (PostgreSQL unreachable) starts retrying in the background. */
    public synchronized <T> void migrateAtStart(T target, Consumer<T> migration) {
        try {
            migration.accept(target);
            migrated.countDown();
        } catch (RuntimeException e) {
            if (!isUnreachable(e)) {
                throw e;
            }
            waiting = new Waiting(clock.instant(), describe(e), 1);
            LOG.warn("PostgreSQL is unreachable at start ({}): starting without it; the schema is migrated and "
                    + "loading begins as soon as it answers (retrying with back-off from {} to {})", describe(e),
                    initialPause, maxPause);
            retrier = new Thread(() -> retry(target, migration), "ingest-schema-migration");
            retrier.setDaemon(true);
            retrier.start();
        }
    }

    private <T> void retry(T target, Consumer<T> migration) {
        Duration pause = initialPause;
        while (!closed) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                migration.accept(target);
                LOG.info("PostgreSQL answers: schema migrated after waiting since {} ({} attempts)",
                        waiting.since(), waiting.attempts() + 1);
                waiting = null;
                migrated.countDown();
                return;
            } catch (RuntimeException e) {
                Waiting before = waiting;
                waiting = new Waiting(before.since(), describe(e), before.attempts() + 1);
                if (!isUnreachable(e) && !describe(e).equals(before.lastError())) {
                    LOG.error("Schema migration failed although PostgreSQL answers; retrying with back-off", e);
                } else {
                    LOG.debug("PostgreSQL still unreachable: {}", describe(e));
                }
                Duration doubled = pause.multipliedBy(2);
                pause = doubled.compareTo(maxPause) > 0 ? maxPause : doubled;
            }
        }
    }

    public boolean isMigrated() {
        return migrated.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the schema; true once it is migrated. */
    public boolean awaitMigrated(Duration timeout) throws InterruptedException {
        return migrated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Present while the schema waits for PostgreSQL. */
    public Optional<Waiting> waiting() {
        return isMigrated() ? Optional.empty() : Optional.ofNullable(waiting);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retrier != null) {
            retrier.interrupt();
        }
    }

    /** Whether the failure means PostgreSQL could not be reached (rather than refused something). */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P03") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure.getMessage()) : failure.getMessage() + " (" + root + ")";
    }
}
