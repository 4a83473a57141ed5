package dev.ep.reporting.guardrail;

import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ExperimentConfig;
import dev.ep.reporting.stream.MetricSettings;
import dev.ep.stats.analysis.AnalysisResult;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Checks every running experiment that opted in ({@code autoPause}) and pauses it once when the policy says so.
 * Never touches an experiment that did not opt in. "Once": a pause that succeeded or found the experiment already
 * not running is remembered per (experiment, phase) in the service's PostgreSQL ({@link PauseMemory}), so an owner who
 * resumes it is not overruled in that phase, neither after a restart nor by another instance; the memory is kept for
 * {@code memory} (default 400 days). Exactly one instance acts: the one whose claim row is inserted; a claim whose
 * instance died is taken over after {@code claimLease}. A pause that failed (config-service away or refusing) gives
 * its claim up and is tried again at the next check.
 */
public class AutoPause {

    private static final Logger log = LoggerFactory.getLogger(AutoPause.class);

    /** The current analysis of an experiment's current phase, if the stream has one. */
    @FunctionalInterface
    interface Analyses {
        Optional<AnalysisResult> current(String experimentId);
    }

    /** Pauses an experiment at config-service. */
    @FunctionalInterface
    interface Pauser {
        ConfigServicePauser.Result pause(String experimentId, String reason);
    }

    private final boolean enabled;
    private final Supplier<ConfigSnapshot> config;
    private final Analyses analyses;
    private final GuardrailPolicy policy;
    private final Pauser pauser;
    private final PauseMemory memory;
    private final String instanceId;
    private final Duration claimLease;
    private final Duration retention;

    AutoPause(boolean enabled, Supplier<ConfigSnapshot> config, Analyses analyses, GuardrailPolicy policy, Pauser pauser,
              PauseMemory memory, String instanceId, Duration claimLease, Duration retention) {
        this.enabled = enabled;
        this.config = config;
        this.analyses = analyses;
        this.policy = policy;
        this.pauser = pauser;
        this.memory = memory;
        this.instanceId = instanceId;
        this.claimLease = claimLease;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${ep.reporting.guardrail.interval}")
    public synchronized void check() {
        if (!enabled) {
            return;
        }
        try {
            memory.forgetOlderThan(retention);
            Map<String, MetricSettings.HarmDirection> harm = new LinkedHashMap<>();
            config.get().metricSettings().forEach((metric, s) -> s.configuredHarmDirection()
                    .ifPresent(d -> harm.put(metric, d)));
            Set<String> seen = new HashSet<>();
            for (ExperimentConfig experiment : config.get().experiments().values()) {
                if (!experiment.autoPause() || !"RUNNING".equals(experiment.status()) || !seen.add(experiment.id())) {
                    continue;
                }
                check(experiment, harm);
            }
        } catch (org.springframework.dao.DataAccessException e) {
            log.warn("Auto-pause check skipped: the service's database did not answer ({}); retried at the next check",
                    e.getMessage());
        }
    }

    private void check(ExperimentConfig experiment, Map<String, MetricSettings.HarmDirection> harm) {
        String id = experiment.id();
        int phase = experiment.currentPhase();
        if (memory.settled(id, phase)) {
            return;
        }
        Optional<String> reason = analyses.current(id).flatMap(a -> policy.reasonToPause(a, harm));
        if (reason.isEmpty() || !memory.claim(id, phase, instanceId, reason.get(), claimLease)) {
            return;
        }
        ConfigServicePauser.Result result = pauser.pause(id, reason.get());
        switch (result) {
            case PAUSED -> memory.settle(id, phase, instanceId, PauseMemory.Outcome.PAUSED);
            case ALREADY_NOT_RUNNING -> memory.settle(id, phase, instanceId, PauseMemory.Outcome.ALREADY_NOT_RUNNING);
            case REFUSED, UNAVAILABLE -> {
                memory.release(id, phase, instanceId);
                log.debug("Auto-pause of {} not done: {}", id, result);
            }
        }
    }
}
