package dev.ep.assignment.system;

import dev.ep.assignment.snapshot.ConfigFeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the configuration ({@code config} in the readiness group):
 * <ul>
 *   <li>UP once the feed caught up to the end offset of {@code ep.config.experiments} seen at start;</li>
 *   <li>UP with {@code degraded=true} when it has not (Kafka unreachable) but a disk snapshot is served and the
 *       catch-up grace period has passed: the storefront keeps getting the last known configuration;</li>
 *   <li>OUT_OF_SERVICE before that, or when there is nothing to serve at all.</li>
 * </ul>
 * {@code waiting} names the record the feed stays on and why (registry unavailable or refusing the credentials, the
 * dead-letter topic unwritable), empty while it reads on. {@code sequenceReset} shows the last time config-service's
 * sequence went back under a new epoch (its database restored from a backup): the feed recovered on its own, the
 * detail tells the operator it happened; it does not change the status.
 */
final class ConfigHealthIndicator implements HealthIndicator {

    private final ConfigFeed feed;
    private final Duration grace;
    private final Clock clock;
    private final Instant started;

    ConfigHealthIndicator(ConfigFeed feed, Duration grace, Clock clock) {
        this.feed = feed;
        this.grace = grace;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public Health health() {
        ConfigFeed.State state = feed.state();
        boolean graceOver = clock.instant().isAfter(started.plus(grace));
        Health.Builder builder;
        if (state.caughtUp()) {
            builder = Health.up().withDetail("degraded", false);
        } else if (state.source() == ConfigFeed.Source.DISK && graceOver) {
            builder = Health.up().withDetail("degraded", true)
                    .withDetail("reason", "Kafka not caught up; serving the local configuration snapshot");
        } else {
            builder = Health.outOfService().withDetail("reason", state.source() == ConfigFeed.Source.DISK
                    ? "catching up (disk snapshot loaded, grace period running)" : "catching up");
        }
        return builder.withDetail("source", state.source().name())
                .withDetail("caughtUp", state.caughtUp())
                .withDetail("configVersion", state.version())
                .withDetail("experiments", state.experiments())
                .withDetail("endOffsetAtStart", state.endOffsetAtStart())
                .withDetail("position", state.position())
                .withDetail("warnings", state.warnings())
                .withDetail("waiting", state.waiting().map(w -> Map.of("cause", w.cause().name(),
                        "message", String.valueOf(w.message()), "since", w.since().toString())).orElse(Map.of()))
                .withDetail("epoch", state.epoch())
                .withDetail("sequenceReset", state.lastReset().map(r -> Map.<String, Object>of("epoch", r.epoch(),
                        "fromSequence", r.fromSequence(), "toSequence", r.toSequence(), "key", r.key(),
                        "offset", r.offset(), "at", r.at().toString())).orElse(Map.of()))
                .build();
    }
}
