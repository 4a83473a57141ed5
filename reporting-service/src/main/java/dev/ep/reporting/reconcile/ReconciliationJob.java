package dev.ep.reporting.reconcile;

import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Reconciles every RUNNING experiment periodically (README "The reports match"), on top of the same
 * {@link ReconciliationService} as the endpoint. The cut-off is the stream's current time for the experiment: the
 * stream keeps no history, so it is the only time it can be compared at (an earlier one is NOT_COMPARABLE). Each
 * (experiment, period of {@code interval}) runs once across all instances: the instance whose row in
 * {@code reconciliation_run} is inserted runs it. Each outcome is recorded there (kept {@code retention}), counted in
 * {@code ep.reporting.reconciliation{outcome}}, and a mismatch is logged at ERROR with the differing count.
 */
public class ReconciliationJob {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationJob.class);

    /** Reconciles one experiment at the stream's current time. */
    @FunctionalInterface
    interface Reconcile {
        ReconciliationService.Outcome reconcile(String experimentId);
    }

    private final Reconcile reconcile;
    private final Supplier<ConfigSnapshot> config;
    private final ReconciliationRuns runs;
    private final Clock clock;
    private final Duration interval;
    private final Duration retention;
    private final String instanceId;
    private final Map<ReconciliationRun.Outcome, Counter> counters = new EnumMap<>(ReconciliationRun.Outcome.class);

    ReconciliationJob(Reconcile reconcile, Supplier<ConfigSnapshot> config, ReconciliationRuns runs,
                      MeterRegistry meters, Clock clock, Duration interval, Duration retention, String instanceId) {
        this.reconcile = reconcile;
        this.config = config;
        this.runs = runs;
        this.clock = clock;
        this.interval = interval;
        this.retention = retention;
        this.instanceId = instanceId;
        for (ReconciliationRun.Outcome o : ReconciliationRun.Outcome.values()) {
            counters.put(o, Counter.builder("ep.reporting.reconciliation")
                    .description("Scheduled reconciliations of an experiment against event-ingest's tables, by outcome")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(meters));
        }
    }

    @Scheduled(fixedDelayString = "${ep.reporting.reconcile.interval}",
               initialDelayString = "${ep.reporting.reconcile.initial-delay}")
    public void scheduled() {
        try {
            run();
        } catch (DataAccessException e) {
            log.warn("Scheduled reconciliation skipped: the service's database did not answer ({}); next period",
                    e.getMessage());
        }
    }

    /** One pass over the running experiments; returns the runs this instance made. */
    List<ReconciliationRun> run() {
        Instant now = clock.instant();
        runs.forgetOlderThan(now, retention);
        long ms = interval.toMillis();
        Instant period = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms);
        List<ReconciliationRun> made = new ArrayList<>();
        for (ExperimentConfig experiment : config.get().experiments().values()) {
            if (!"RUNNING".equals(experiment.status()) || !runs.claim(experiment.id(), period, instanceId, now)) {
                continue;
            }
            ReconciliationRun run = once(experiment.id(), period, now);
            runs.finish(experiment.id(), period, instanceId, run);
            counters.get(run.outcome()).increment();
            made.add(run);
        }
        return made;
    }

    private ReconciliationRun once(String id, Instant period, Instant started) {
        ReconciliationService.Outcome outcome;
        try {
            outcome = reconcile.reconcile(id);
        } catch (RuntimeException e) {
            log.error("Scheduled reconciliation of {} failed", id, e);
            return run(id, period, started, ReconciliationRun.Outcome.ERROR, null, null, null, null,
                    "failed: " + e);
        }
        if (outcome instanceof ReconciliationService.Outcome.Done done) {
            Reconciliation r = done.reconciliation();
            ReconciliationRun.Outcome o = switch (r.status()) {
                case MATCH -> ReconciliationRun.Outcome.MATCH;
                case MISMATCH -> ReconciliationRun.Outcome.MISMATCH;
                case NOT_COMPARABLE -> ReconciliationRun.Outcome.NOT_COMPARABLE;
            };
            if (o == ReconciliationRun.Outcome.MISMATCH) {
                log.error("RECONCILIATION MISMATCH: experiment {} at cut-off {}: {} of {} aggregates differ between"
                        + " the stream and event-ingest's tables (GET /v1/experiments/{}/reconciliation shows them)",
                        id, r.cutOff(), r.mismatches(), r.aggregates().size(), id);
            }
            return run(id, period, started, o, r.cutOff(), r.streamCurrentTo(), (long) r.aggregates().size(),
                    r.mismatches(), r.reason());
        }
        String reason = outcome instanceof ReconciliationService.Outcome.NotReady n ? n.reason()
                : ((ReconciliationService.Outcome.IngestUnavailable) outcome).reason();
        log.warn("Scheduled reconciliation of {} not made: {}", id, reason);
        return run(id, period, started, ReconciliationRun.Outcome.ERROR, null, null, null, null, reason);
    }

    private ReconciliationRun run(String id, Instant period, Instant started, ReconciliationRun.Outcome outcome,
                                  Instant cutOff, Instant currentTo, Long aggregates, Long mismatches, String reason) {
        return new ReconciliationRun(id, period, instanceId, started, clock.instant(), outcome, cutOff, currentTo,
                aggregates, mismatches, reason);
    }

    /** The experiment's latest recorded run. */
    Optional<ReconciliationRun> latest(String experimentId) {
        return runs.latest(experimentId);
    }
}
