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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Reads an experiment's arms from the results store, picks the phase, and runs the {@code Analyzer}. Published
 * always-valid p-values only go down: each answer lowers the phase's running minima in PostgreSQL
 * ({@link AlwaysValidMinima}, shared by every instance and kept across restarts) and publishes the minima. While
 * PostgreSQL is away the minima this instance has seen are used (in memory, at most {@value #MAX_PREVIOUS}
 * phases, least recently used dropped first), so an instance's own answers still never go up. An answer that
 * lowers none of the minima this instance knows only reads the stored ones (at most once per {@value #REFRESH_MS} ms
 * it writes anyway, refreshing the rows' {@code updated_at} for the retention): polling the results costs no write.
 */
@Service
public class ResultsService {

    static final int MAX_PREVIOUS = 10_000;
    /** An answer that lowers no minimum still writes (refreshing the rows' updated_at) at most this often. */
    static final long REFRESH_MS = 60_000;
    /** Answers reused while their arms and configuration are unchanged, at most this old ({@link AnswerMemo}). */
    static final long MEMO_MAX_AGE_MS = 1_000;
    /** Queries (experiment, phase asked, metric asked) whose last answer is kept. */
    static final int MEMO_ENTRIES = 1_000;
    private static final Logger log = LoggerFactory.getLogger(ResultsService.class);

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

    /** When this instance last wrote each phase's minima (so that their row's updated_at stays fresh). */
    private final Map<String, Long> lastWritten = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_PREVIOUS;
        }
    };

    private final AnswerMemo<String, Outcome> memo = new AnswerMemo<>(MEMO_ENTRIES, MEMO_MAX_AGE_MS,
            System::currentTimeMillis);
    private final SnapshotStore snapshots;
    private final AlwaysValidMinima minima;
    private final AttributionSettings attribution;
    private boolean minimaFailing;

    ResultsService(ResultsStore store, ConfigView config, SnapshotStore snapshots, AlwaysValidMinima minima,
                   ReportingProperties properties) {
        this.attribution = properties.attributionSettings();
        this.store = store;
        this.config = config;
        this.snapshots = snapshots;
        this.minima = minima;
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
        String query = experimentId + "\n" + requestedPhase.map(String::valueOf).orElse("") + "\n"
                + metric.orElse("");
        Optional<Outcome> known = memo.get(query, arms, snapshot);
        if (known.isPresent()) {
            return known.get();
        }
        Outcome outcome = analyse(experimentId, requestedPhase, metric, arms, snapshot);
        if (outcome.results() != null) {
            memo.put(query, arms, snapshot, outcome);
        }
        return outcome;
    }

    private Outcome analyse(String experimentId, Optional<Integer> requestedPhase, Optional<String> metric,
                            List<ArmTotals> arms, ConfigSnapshot snapshot) {
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
        // The figures from the current statistics alone, then their running minima: stored ones (every instance,
        // every restart) and this instance's own, and the published answer computed with those as "previous", so
        // that re-posting the published statistics to POST /v1/analysis gives the published figures.
        AnalysisResult alone = analyzer.analyze(ResultsAssembler.request(experimentId, phase, arms, snapshot, metric,
                AnalysisRequest.PreviousAlwaysValid.NONE));
        AnalysisRequest.PreviousAlwaysValid seen = runningMinima(experimentId, phase, key, alone.nextPrevious());
        AnalysisRequest request = ResultsAssembler.request(experimentId, phase, arms, snapshot, metric, seen);
        // When the current figures are the running minima themselves, the analysis with them as "previous" is the
        // same analysis: it is not run twice.
        AnalysisResult result = seen.equals(alone.nextPrevious()) ? alone : analyzer.analyze(request);
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

    /** The running minima of the phase, lowered to {@code current}: PostgreSQL's, or this instance's alone. */
    private AnalysisRequest.PreviousAlwaysValid runningMinima(String experimentId, int phase, String key,
                                                            AnalysisRequest.PreviousAlwaysValid current) {
        AnalysisRequest.PreviousAlwaysValid lowered;
        boolean write;
        long now = System.currentTimeMillis();
        synchronized (previous) {
            AnalysisRequest.PreviousAlwaysValid known = previous.get(key);
            lowered = RunningMinimum.lowered(current, known);
            AnalysisRequest.PreviousAlwaysValid next = RunningMinimum.union(known, lowered);
            previous.put(key, next);
            Long written = lastWritten.get(key);
            // a write only when a minimum went down (or appeared), or to refresh the rows now and then
            write = !next.equals(known) || written == null || now - written >= REFRESH_MS;
            if (write) {
                lastWritten.put(key, now);
            }
        }
        try {
            // another instance may have lowered a minimum: read them even when there is nothing to write
            AnalysisRequest.PreviousAlwaysValid stored = write ? minima.lower(experimentId, phase, lowered)
                    : minima.read(experimentId, phase);
            if (minimaFailing) {
                log.info("Always-valid minima stored in PostgreSQL again");
                minimaFailing = false;
            }
            lowered = RunningMinimum.lowered(lowered, stored);
            synchronized (previous) {
                previous.put(key, RunningMinimum.union(previous.get(key), lowered));
            }
        } catch (DataAccessException e) {
            synchronized (previous) {
                lastWritten.remove(key); // written at the next answer, whatever it lowers
            }
            if (!minimaFailing) {
                log.warn("Always-valid minima not stored (PostgreSQL away; this instance's minima are used): {}",
                        e.getMessage());
                minimaFailing = true;
            }
        }
        return lowered;
    }
}
