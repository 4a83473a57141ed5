package dev.ep.assignment.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.assignment.snapshot.ConfigFeed;
import dev.ep.assignment.snapshot.SnapshotFiles;
import dev.ep.events.v1.AggregateType;
import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.LayerState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The readiness rule when the feed has not caught up (the feed thread is never started here: no Kafka). */
class ConfigHealthIndicatorTest {

    @TempDir
    Path dir;

    @Test
    void shouldBeOutOfServiceWhenNeitherCaughtUpNorHoldingADiskSnapshot() throws Exception {
        try (ConfigFeed feed = feed(dir.resolve("none.avro"))) {
            Health health = new ConfigHealthIndicator(feed, Duration.ZERO, Clock.systemUTC()).health();

            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails()).containsEntry("source", "NONE").containsEntry("waiting", Map.of());
        }
    }

    @Test
    void shouldWaitForTheGracePeriodThenReportUpAndDegradedWhenServingTheDiskSnapshot() throws Exception {
        // given: a snapshot on disk, Kafka never reached
        Path file = dir.resolve("config-snapshot.avro");
        SnapshotFiles.write(file, List.of(ExperimentSnapshot.newBuilder().setAggregateType(AggregateType.LAYER)
                .setAggregateId("l").setSequence(41).setVersion(1).setTime(Instant.now())
                .setLayer(LayerState.newBuilder().setId("l").setName("l").setBucketCount(10_000).build()).build()), 42);
        try (ConfigFeed feed = feed(file)) {
            assertDegradedAfterTheGracePeriod(feed);
        }
    }

    private static void assertDegradedAfterTheGracePeriod(ConfigFeed feed) {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        ConfigHealthIndicator indicator = new ConfigHealthIndicator(feed, Duration.ofSeconds(10), clock);

        // then: within the grace period not ready yet
        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

        // when the grace period has passed
        clock.now = clock.now.plusSeconds(11);
        Health health = indicator.health();

        // then
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("degraded", true).containsEntry("source", "DISK")
                .containsEntry("caughtUp", false).containsEntry("configVersion", 42L);
    }

    private static ConfigFeed feed(Path file) {
        Map<String, Object> unreachable = Map.of("bootstrap.servers", "127.0.0.1:1",
                "schema.registry.url", "http://127.0.0.1:1");
        return ConfigFeed.create(unreachable, unreachable, unreachable, 6, file, Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
