package dev.ep.assignment.system;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of assignment-service ({@code ep.assignment.*}); each has a default and an environment-variable override
 * in application.yml.
 *
 * @param dataDir          local state: the configuration snapshot file and the spill journal
 * @param catchUpGrace     how long readiness waits for the feed to catch up before serving a disk snapshot as
 *                         "degraded"
 * @param apiKeyHashes     SHA-256 (hex) of accepted {@code X-Api-Key} values; empty = no key required
 * @param queueCapacity    in-memory event queue in front of the producer; beyond it events are journaled
 * @param fsyncInterval    group-commit interval of the spill journal
 * @param segmentBytes     size at which a journal segment is closed and a new one started
 * @param eventPartitions  partitions of the event topics when this service creates them
 * @param maxEventBatch    events per {@code POST /v1/events}
 * @param maxEventBodyBytes body size of {@code POST /v1/events}
 * @param maxBodyBytes     body size of the other endpoints
 * @param eventMaxAge      oldest event time accepted
 * @param eventMaxFuture   how far in the future an event time may be (client clock skew)
 */
@ConfigurationProperties("ep.assignment")
public record AssignmentProperties(Path dataDir, Duration catchUpGrace, List<String> apiKeyHashes, int queueCapacity,
        Duration fsyncInterval, long segmentBytes, int eventPartitions, int maxEventBatch, long maxEventBodyBytes,
        long maxBodyBytes, Duration eventMaxAge, Duration eventMaxFuture) {

    public AssignmentProperties {
        dataDir = dataDir == null ? Path.of(".ep-data", "assignment-service") : dataDir;
        catchUpGrace = catchUpGrace == null ? Duration.ofSeconds(10) : catchUpGrace;
        apiKeyHashes = apiKeyHashes == null ? List.of()
                : apiKeyHashes.stream().filter(h -> h != null && !h.isBlank()).map(String::trim).toList();
        queueCapacity = queueCapacity <= 0 ? 10_000 : queueCapacity;
        fsyncInterval = fsyncInterval == null ? Duration.ofMillis(50) : fsyncInterval;
        segmentBytes = segmentBytes <= 0 ? 16L * 1024 * 1024 : segmentBytes;
        eventPartitions = eventPartitions <= 0 ? 6 : eventPartitions;
        maxEventBatch = maxEventBatch <= 0 ? 500 : maxEventBatch;
        maxEventBodyBytes = maxEventBodyBytes <= 0 ? 1024 * 1024 : maxEventBodyBytes;
        maxBodyBytes = maxBodyBytes <= 0 ? 64 * 1024 : maxBodyBytes;
        eventMaxAge = eventMaxAge == null ? Duration.ofDays(7) : eventMaxAge;
        eventMaxFuture = eventMaxFuture == null ? Duration.ofMinutes(5) : eventMaxFuture;
    }
}
