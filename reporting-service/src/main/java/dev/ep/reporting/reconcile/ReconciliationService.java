package dev.ep.reporting.reconcile;

import dev.ep.reporting.attribution.ArmTotals;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.attribution.Metric;
import dev.ep.reporting.attribution.MetricSums;
import dev.ep.reporting.stream.ConfigView;
import dev.ep.reporting.stream.ReportingProperties;
import dev.ep.reporting.stream.ResultsStore;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Compares the stream's aggregates of an experiment with the same aggregates recomputed from event-ingest's tables.
 *
 * <p>The cut-off: the stream keeps only its current figures, "current to" the latest server time of an input that
 * changed them. So the comparison is made at that time: the SQL counts exactly the inputs at or before it (by
 * coverage/decision time and receivedTime). A cut-off asked before the stream's current time cannot be compared;
 * one after it is compared as asked (inputs after the stream's current time changed none of its figures). Both sides
 * must have taken in every input up to the cut-off: run it when event-ingest's and the stream's consumer lag are 0
 * (a mismatch while either is catching up is transient; repeat it).
 */
@Service
public class ReconciliationService {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationService.class);

    /** Why a reconciliation could not be made. */
    public sealed interface Outcome {
        record Done(Reconciliation reconciliation) implements Outcome {
        }

        record NotReady(String reason) implements Outcome {
        }

        record IngestUnavailable(String reason) implements Outcome {
        }
    }

    private final ResultsStore results;
    private final ConfigView config;
    private final ReportingProperties properties;
    private final Optional<IngestQuery> ingest;

    ReconciliationService(ResultsStore results, ConfigView config, ReportingProperties properties,
                          ReconciliationConfiguration.IngestPool pool) {
        this.results = results;
        this.config = config;
        this.properties = properties;
        this.ingest = pool.query();
    }

    public Outcome reconcile(String experimentId, Optional<Instant> requestedCutOff) {
        if (ingest.isEmpty()) {
            return new Outcome.IngestUnavailable("No event-ingest database is configured (EP_REPORTING_INGEST_POSTGRES_URL).");
        }
        Optional<List<ArmTotals>> arms = results.arms(experimentId);
        if (arms.isEmpty()) {
            return new Outcome.NotReady("The stream is " + results.state() + "; retry shortly.");
        }
        Catalog catalog = config.get().catalog();
        List<Metric> metrics = catalog.metrics();
        long currentTo = arms.get().stream().mapToLong(ArmTotals::currentTo).max().orElse(Long.MIN_VALUE);
        Instant streamCurrentTo = currentTo <= 0 ? null : Instant.ofEpochMilli(currentTo);
        Instant cutOff = requestedCutOff.orElse(streamCurrentTo == null ? Instant.EPOCH : streamCurrentTo);

        Map<AggregateKey, Figures> ingested;
        try {
            ingested = ingest.get().aggregates(experimentId, cutOff, properties.attribution().window().toMillis(),
                    IngestRules.json(catalog.experiment(experimentId).orElse(null), metrics,
                            properties.attributionSettings()));
        } catch (SQLException e) {
            log.warn("Reconciliation of {} could not read event-ingest's database: {}", experimentId, e.toString());
            return new Outcome.IngestUnavailable("event-ingest's database did not answer: " + e.getMessage());
        }
        List<Reconciler.Line> lines = Reconciler.compare(streamAggregates(arms.get(), metrics), ingested);
        long mismatches = lines.stream().filter(l -> l.verdict() == Reconciler.Verdict.MISMATCH).count();
        Reconciliation.Status status;
        String reason;
        if (streamCurrentTo == null) {
            status = Reconciliation.Status.NOT_COMPARABLE;
            reason = "The stream has no figures of this experiment yet.";
        } else if (cutOff.isBefore(streamCurrentTo)) {
            status = Reconciliation.Status.NOT_COMPARABLE;
            reason = "The stream already counts inputs up to " + streamCurrentTo
                    + " and keeps no history: choose a cut-off at or after it, or none.";
        } else if (mismatches == 0) {
            status = Reconciliation.Status.MATCH;
            reason = "Every count and sum is equal.";
        } else {
            status = Reconciliation.Status.MISMATCH;
            reason = mismatches + " aggregate(s) differ.";
            log.warn("Reconciliation of {} at {}: {} aggregate(s) differ", experimentId, cutOff, mismatches);
        }
        List<Reconciliation.Aggregate> aggregates = lines.stream().map(l -> new Reconciliation.Aggregate(
                l.key().kind(), l.key().phase(), l.key().treatment(), l.key().metric(), l.stream(), l.ingest(),
                l.verdict())).toList();
        return new Outcome.Done(new Reconciliation(experimentId, cutOff, streamCurrentTo, status, reason, mismatches,
                aggregates));
    }

    /** The stream's figures as the results endpoint publishes them: n of every metric is the arm's exposed units. */
    static Map<AggregateKey, Figures> streamAggregates(List<ArmTotals> arms, List<Metric> metrics) {
        Map<AggregateKey, Figures> out = new TreeMap<>();
        for (ArmTotals arm : arms) {
            int phase = arm.arm().phase();
            String treatment = arm.arm().treatment();
            out.put(new AggregateKey(AggregateKey.Kind.COVERAGE_UNITS, phase, treatment, null),
                    Figures.units(arm.exposed()));
            out.put(new AggregateKey(AggregateKey.Kind.ASSIGNMENT_UNITS, phase, treatment, null),
                    Figures.units(arm.assigned()));
            for (Metric metric : metrics) {
                MetricSums s = arm.metrics().getOrDefault(metric.metricName(), MetricSums.ZERO);
                out.put(new AggregateKey(AggregateKey.Kind.METRIC, phase, treatment, metric.metricName()),
                        new Figures(arm.exposed(), s.sumY(), s.sumY2(), s.sumX(), s.sumX2(), s.sumXY()));
            }
        }
        return out;
    }
}
