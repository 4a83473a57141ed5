package dev.ep.config.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox relay.
 *
 * @param enabled          whether this instance tries to become the relay leader (false: commit only)
 * @param pollInterval     how often the leader looks for unpublished outbox rows (commits also wake it)
 * @param batchSize        outbox rows published per flush
 * @param changesTopic     topic of every change ({@code ExperimentChange})
 * @param experimentsTopic compacted topic of the current snapshots ({@code ExperimentSnapshot})
 * @param eventPartitions  partitions of the event topics when this service provisions them at start
 */
@ConfigurationProperties("ep.config.relay")
public record RelayProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("ep.config.changes") String changesTopic,
        @DefaultValue("ep.config.experiments") String experimentsTopic,
        @DefaultValue("6") int eventPartitions) {
}
