package dev.ep.assignment.system;

import dev.ep.assignment.events.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The event path ({@code events} in the health endpoint, not in readiness: a storefront is served even while Kafka
 * is away). UP while events are accepted; {@code spilling=true} with the journal's size and the age of its oldest event
 * while Kafka is unreachable or draining. DOWN while the journal refuses events (full at its cap, or a disk fault) and
 * events are being dropped ({@code lostEvents}, {@code ep_events_lost_total}).
 */
final class JournalHealthIndicator implements HealthIndicator {

    private final EventPublisher publisher;
    private final Clock clock;

    JournalHealthIndicator(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public Health health() {
        var journal = publisher.journal();
        boolean refusing = publisher.journalRefusing() || journal.full();
        return (refusing ? Health.down() : Health.up())
                .withDetail("spilling", publisher.spilling())
                .withDetail("journalRefusing", refusing)
                .withDetail("journalMaxBytes", journal.maxBytes())
                .withDetail("lostEvents", publisher.lostEvents())
                .withDetail("unreadableEvents", journal.unreadableEntries())
                .withDetail("queued", publisher.queued())
                .withDetail("journalEntries", journal.pendingEntries())
                .withDetail("journalBytes", journal.pendingBytes())
                .withDetail("journalOldestAgeSeconds", journal.oldest()
                        .map(t -> Duration.between(t, clock.instant()).toSeconds()).orElse(0L))
                .build();
    }
}
