package dev.ep.assignment.system;

import dev.ep.assignment.events.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The event path ({@code events} in the health endpoint, not in readiness: a storefront is served even while Kafka
 * is away). UP while events are accepted; {@code spilling=true} with the journal's size and the age of its oldest event
 * while Kafka is unreachable or draining. DOWN while events are being dropped ({@code lostEvents},
 * {@code ep_events_lost_total}): the journal refuses them (full at its cap, or a disk fault), or the in-memory queue
 * in front of it is full ({@code queueFull}).
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
        boolean queueFull = publisher.queueRefusing();
        return (refusing || queueFull ? Health.down() : Health.up())
                .withDetail("spilling", publisher.spilling())
                .withDetail("journalRefusing", refusing)
                .withDetail("journalMaxBytes", journal.maxBytes())
                .withDetail("lostEvents", publisher.lostEvents())
                .withDetail("unreadableEvents", journal.unreadableEntries())
                .withDetail("queueFull", queueFull)
                .withDetail("queued", publisher.queued())
                .withDetail("held", publisher.held())
                .withDetail("journalEntries", journal.pendingEntries())
                .withDetail("journalBytes", journal.pendingBytes())
                .withDetail("journalOldestAgeSeconds", journal.oldest()
                        .map(t -> Duration.between(t, clock.instant()).toSeconds()).orElse(0L))
                .build();
    }
}
