package dev.ep.reporting.reconcile;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The scheduled reconciliation (on only when event-ingest's database is configured).
 *
 * @param interval     how often every running experiment is reconciled; also the period of which each experiment has
 *                     at most one run across all instances
 * @param initialDelay wait after start before the first run (the stream restores its state first)
 * @param retention    runs older than this are deleted from reconciliation_run
 * @param instanceId   this instance's name in reconciliation_run
 */
@Validated
@ConfigurationProperties("ep.reporting.reconcile")
public record ReconcileJobProperties(@NotNull Duration interval, @NotNull Duration initialDelay,
                                     @NotNull Duration retention, String instanceId) {

    public ReconcileJobProperties {
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new IllegalArgumentException("ep.reporting.reconcile.interval must be positive, got " + interval);
        }
        instanceId = instanceId == null || instanceId.isBlank() ? "reporting" : instanceId;
    }
}
