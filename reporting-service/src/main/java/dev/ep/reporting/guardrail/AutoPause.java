package dev.ep.reporting.guardrail;

import dev.ep.reporting.results.ResultsService;
import dev.ep.reporting.stream.ConfigView;
import dev.ep.reporting.stream.ExperimentConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Checks every running experiment that opted in ({@code autoPause}) and pauses it once when the policy says so.
 * Never touches an experiment that did not opt in. "Once": a pause that succeeded or found the experiment already
 * not running is remembered per (experiment, phase), so an owner who resumes it is not overruled in that phase
 * (bounded: {@value #MAX_DONE} entries, the oldest forgotten; in memory, so after a restart a resumed experiment that
 * is still flagged is paused again). A pause that failed transiently is tried again at the next check.
 */
public class AutoPause {

    static final int MAX_DONE = 10_000;
    private static final Logger log = LoggerFactory.getLogger(AutoPause.class);

    private final boolean enabled;
    private final ConfigView config;
    private final ResultsService results;
    private final GuardrailPolicy policy;
    private final ConfigServicePauser pauser;
    private final Map<String, Boolean> done = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_DONE;
        }
    };

    AutoPause(boolean enabled, ConfigView config, ResultsService results, GuardrailPolicy policy,
              ConfigServicePauser pauser) {
        this.enabled = enabled;
        this.config = config;
        this.results = results;
        this.policy = policy;
        this.pauser = pauser;
    }

    @Scheduled(fixedDelayString = "${ep.reporting.guardrail.interval}")
    public synchronized void check() {
        if (!enabled) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (ExperimentConfig experiment : config.get().experiments().values()) {
            if (!experiment.autoPause() || !"RUNNING".equals(experiment.status()) || !seen.add(experiment.id())) {
                continue;
            }
            String key = experiment.id() + "/" + experiment.currentPhase();
            if (done.containsKey(key)) {
                continue;
            }
            ResultsService.Outcome outcome = results.results(experiment.id(), Optional.empty(), Optional.empty());
            if (outcome.results() == null) {
                continue;
            }
            Optional<String> reason = policy.reasonToPause(outcome.results().analysis());
            if (reason.isEmpty()) {
                continue;
            }
            ConfigServicePauser.Result result = pauser.pause(experiment.id(), reason.get());
            if (result == ConfigServicePauser.Result.PAUSED || result == ConfigServicePauser.Result.ALREADY_NOT_RUNNING) {
                done.put(key, Boolean.TRUE);
            } else {
                log.debug("Auto-pause of {} not done: {}", experiment.id(), result);
            }
        }
    }
}
