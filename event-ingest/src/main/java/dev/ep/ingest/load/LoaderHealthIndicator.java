package dev.ep.ingest.load;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The consumers' state ({@code loader} in /actuator/health): each consumer running or backing off (and why). A
 * consumer backing off is still UP: it waits for PostgreSQL (whose own {@code db} indicator is DOWN then) and
 * resumes by itself. DOWN only when a consumer thread has stopped while the application runs.
 */
final class LoaderHealthIndicator implements HealthIndicator {

    private final IngestLoader loader;

    LoaderHealthIndicator(IngestLoader loader) {
        this.loader = loader;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean stopped = false;
        loader.waitingForPostgres().ifPresent(waiting -> details.put("start", waiting));
        for (IngestLoop loop : loader.loops()) {
            IngestLoop.LoopState state = loop.state();
            if (state instanceof IngestLoop.LoopState.BackingOff b) {
                details.put(loop.name(), "backing off since " + b.since() + " (" + b.cause().name().toLowerCase(
                        java.util.Locale.ROOT) + " unavailable): " + b.message());
            } else {
                details.put(loop.name(), state.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
            }
            stopped |= state instanceof IngestLoop.LoopState.Stopped;
        }
        Health.Builder health = stopped && loader.isRunning() ? Health.down() : Health.up();
        return health.withDetails(details).build();
    }
}
