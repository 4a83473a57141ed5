package dev.ep.reporting.results;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The minute snapshots ({@code ep.reporting.snapshots.*}).
 *
 * @param interval  how often changed arms are written (and the time grid of {@code taken_at})
 * @param retention snapshots older than this are deleted
 */
@Validated
@ConfigurationProperties("ep.reporting.snapshots")
public record SnapshotProperties(@NotNull Duration interval, @NotNull Duration retention) {
}
