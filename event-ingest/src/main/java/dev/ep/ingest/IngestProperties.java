package dev.ep.ingest;

import dev.ep.ingest.store.WriteMethod;
import dev.ep.schemas.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of event-ingest ({@code ep.ingest.*}); every one has a default and an environment override in
 * application.yml.
 *
 * @param enabled whether the loader consumes at all (off: only the timeline API runs)
 * @param topics the topics read and the dead-letter topic written
 * @param consumers consumer threads in this instance (all in one group; more instances scale further)
 * @param maxPollRecords records per poll, i.e. the largest batch written in one transaction
 * @param pollTimeout how long one poll waits for records
 * @param writeMethod COPY through a staging table, or multi-row INSERT
 * @param insertRowsPerStatement rows per multi-row INSERT statement (write method INSERT)
 * @param backoff pause before retrying after PostgreSQL, the registry or the dead-letter topic failed
 * @param partitions partitions created ahead and retention
 * @param provisionTopics create missing topics and verify existing ones at start
 */
@Validated
@ConfigurationProperties("ep.ingest")
public record IngestProperties(
        boolean enabled,
        @NotNull @Valid TopicNames topics,
        @Min(1) @Max(64) int consumers,
        @Min(1) @Max(100_000) int maxPollRecords,
        @NotNull Duration pollTimeout,
        @NotNull WriteMethod writeMethod,
        @Min(1) @Max(10_000) int insertRowsPerStatement,
        @NotNull @Valid Backoff backoff,
        @NotNull @Valid Partitions partitions,
        boolean provisionTopics) {

    /** Topic names (defaults: the platform's topic registry). */
    public record TopicNames(@NotBlank String assignments, @NotBlank String coverage, @NotBlank String events,
                             @NotBlank String deadLetter) {

        public static TopicNames defaults() {
            return new TopicNames(Topics.ASSIGNMENTS.name(), Topics.COVERAGE.name(), Topics.EVENTS.name(),
                    Topics.DLT_EVENT_INGEST.name());
        }
    }

    /** Exponential back-off: initial pause, doubled after each failure up to max. */
    public record Backoff(@NotNull Duration initial, @NotNull Duration max) {

        public Backoff {
            if (initial != null && max != null && (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0)) {
                throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " / " + max);
            }
        }
    }

    /**
     * @param daysAhead days after today that always have partitions
     * @param retentionDays partitions of days before today minus this are dropped; 0 keeps everything
     * @param maintenanceInterval how often partitions are created ahead and retention is applied
     */
    public record Partitions(@Min(0) @Max(366) int daysAhead, @Min(0) int retentionDays,
                             @NotNull Duration maintenanceInterval) {
    }
}
