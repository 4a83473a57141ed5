package dev.ep.reporting.results;

import dev.ep.stats.analysis.AnalysisRequest;
import dev.ep.stats.analysis.AnalysisResult;
import dev.ep.stats.analysis.Analyzer;
import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ConfigView;
import dev.ep.reporting.stream.ExperimentConfig;
import dev.ep.reporting.stream.ReportingProperties;
import dev.ep.reporting.stream.ResultsStore;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Reads an experiment's arms from the results store, picks the phase, and runs the {@code Analyzer}. The previous
 * always-valid p-values of each (experiment, phase) are kept in memory so that the published ones only go down
 * (bounded: {@value #MAX_PREVIOUS} entries, the oldest dropped first; after a restart they start afresh).
 */
@Service
public class ResultsService {

    static final int MAX_PREVIOUS = 10_000;

    /** Why there is no answer. */
    public enum Missing { NOT_READY, UNKNOWN_EXPERIMENT, UNKNOWN_PHASE, UNKNOWN_METRIC }

    /** An answer, or why there is none. */
    public record Outcome(ExperimentResults results, Missing missing) {
    }

    private final ResultsStore store;
    private final ConfigView config;
    private final Analyzer analyzer = new Analyzer();
    private final Map<String, AnalysisRequest.PreviousAlwaysValid> previous = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AnalysisRequest.PreviousAlwaysValid> eldest) {
            return size() > MAX_PREVIOUS;
        }
    };

    private final SnapshotStore snapshots;

    private final AttributionSettings attribution;

    ResultsService(ResultsStore store, ConfigView config, SnapshotStore snapshots, ReportingProperties properties) {
        this.attribution = properties.attributionSettings();
        this.store = store;
        this.config = config;
        this.snapshots = snapshots;
    }

    /** The phase's snapshots analysed (phase default: the experiment's current phase). */
    Optional<Timeseries> timeseries(String experimentId, Optional<Integer> requestedPhase, Optional<String> metric) {
        ConfigSnapshot snapshot = config.get();
        Optional<ExperimentConfig> experiment = snapshot.experiment(experimentId);
        int phase = requestedPhase.orElse(experiment.map(ExperimentConfig::currentPhase).orElse(1));
        List<SnapshotStore.Point> points = snapshots.points(experimentId, phase);
        if (points.isEmpty() && experiment.isEmpty()) {
            return Optional.empty();
        }
        List<Timeseries.Point> out = new java.util.ArrayList<>();
        AnalysisRequest.PreviousAlwaysValid previousP = AnalysisRequest.PreviousAlwaysValid.NONE;
        for (SnapshotStore.Point point : points) {
            AnalysisRequest request = ResultsAssembler.request(experimentId, phase, point.arms(), snapshot, metric,
                    previousP);
            AnalysisResult result = analyzer.analyze(request);
            previousP = result.nextPrevious();
            long currentTo = point.arms().stream().mapToLong(ArmTotals::currentTo).max().orElse(Long.MIN_VALUE);
            out.add(new Timeseries.Point(point.takenAt(),
                    currentTo == Long.MIN_VALUE ? null : Instant.ofEpochMilli(currentTo), request.coverageUnits(),
                    request.assignmentUnits(), result));
        }
        return Optional.of(new Timeseries(experimentId, phase, out));
    }

    public Outcome results(String experimentId, Optional<Integer> requestedPhase, Optional<String> metric) {
        Optional<List<ArmTotals>> read = store.arms(experimentId);
        if (read.isEmpty()) {
            return new Outcome(null, Missing.NOT_READY);
        }
        List<ArmTotals> arms = read.get();
        ConfigSnapshot snapshot = config.get();
        Optional<ExperimentConfig> experiment = snapshot.experiment(experimentId);
        if (experiment.isEmpty() && arms.isEmpty()) {
            return new Outcome(null, Missing.UNKNOWN_EXPERIMENT);
        }
        if (metric.isPresent() && snapshot.catalog().metrics().stream()
                .noneMatch(m -> m.metricName().equals(metric.get()))) {
            return new Outcome(null, Missing.UNKNOWN_METRIC);
        }
        List<Integer> phases = ResultsAssembler.phases(arms);
        Integer current = experiment.map(ExperimentConfig::currentPhase).orElse(null);
        int phase = requestedPhase.orElseGet(() -> current != null ? current
                : phases.isEmpty() ? 0 : phases.get(phases.size() - 1));
        if (requestedPhase.isPresent() && !phases.contains(phase)
                && experiment.map(e -> !e.weights().containsKey(phase)).orElse(true)) {
            return new Outcome(null, Missing.UNKNOWN_PHASE);
        }
        String key = experimentId + "/" + phase;
        AnalysisRequest request;
        AnalysisResult result;
        synchronized (previous) {
            request = ResultsAssembler.request(experimentId, phase, arms, snapshot, metric,
                    previous.getOrDefault(key, AnalysisRequest.PreviousAlwaysValid.NONE));
            result = analyzer.analyze(request);
            if (metric.isEmpty()) {
                previous.put(key, result.nextPrevious());
            }
        }
        List<ArmTotals> inPhase = arms.stream().filter(a -> a.arm().phase() == phase).toList();
        long currentTo = inPhase.stream().mapToLong(ArmTotals::currentTo).max().orElse(Long.MIN_VALUE);
        long minVersion = inPhase.stream().mapToLong(ArmTotals::minConfigVersion).min().orElse(Long.MAX_VALUE);
        long maxVersion = inPhase.stream().mapToLong(ArmTotals::maxConfigVersion).max().orElse(Long.MIN_VALUE);
        return new Outcome(new ExperimentResults(experimentId, phase, current, phases,
                currentTo == Long.MIN_VALUE ? null : Instant.ofEpochMilli(currentTo),
                new ExperimentResults.ConfigVersions(minVersion == Long.MAX_VALUE ? null : minVersion,
                        maxVersion == Long.MIN_VALUE ? null : maxVersion,
                        experiment.map(ExperimentConfig::version).orElse(null)),
                request, result, Covariates.of(experimentId, snapshot, attribution).orElse(null)), null);
    }
}
