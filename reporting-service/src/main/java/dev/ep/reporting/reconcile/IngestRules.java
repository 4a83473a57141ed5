package dev.ep.reporting.reconcile;

import dev.ep.reporting.attribution.ActivityHistory;
import dev.ep.reporting.attribution.AttributionSettings;
import dev.ep.reporting.attribution.BuiltInMetric;
import dev.ep.reporting.attribution.CustomMetric;
import dev.ep.reporting.attribution.ExperimentRules;
import dev.ep.reporting.attribution.Metric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code rules} parameter of the reconciliation SQL: the experiment's phases (start, moved slots), its stop,
 * the CUPED pre-period settings, and how each metric of the catalogue is measured from {@code tracking_events}, so
 * that the SQL applies exactly the configuration the stream applied.
 */
public final class IngestRules {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private IngestRules() {
    }

    /** The metric as the SQL measures it: events of {@code eventType} (and {@code eventName}), aggregated. */
    record MetricRule(String metric, String eventType, String eventName, String aggregation) {
    }

    static MetricRule rule(Metric metric) {
        if (metric instanceof CustomMetric c) {
            return new MetricRule(c.metricName(), "CUSTOM", c.eventName(), c.aggregation().name());
        }
        BuiltInMetric b = (BuiltInMetric) metric;
        return switch (b) {
            case CONVERSION -> new MetricRule(b.metricName(), "ORDER", null, "OCCURRED");
            case REVENUE_PER_SESSION -> new MetricRule(b.metricName(), "ORDER", null, "SUM");
            case AVERAGE_ORDER_VALUE -> new MetricRule(b.metricName(), "ORDER", null, "RATIO");
            case ADD_TO_CART_RATE -> new MetricRule(b.metricName(), "ADD_TO_CART", null, "OCCURRED");
            case PAGE_VIEWS_PER_SESSION -> new MetricRule(b.metricName(), "PAGE_VIEW", null, "COUNT");
        };
    }

    /** The JSON the SQL reads as {@code $4}; {@code experiment} empty when the configuration does not know it. */
    public static String json(ExperimentRules experiment, List<Metric> metrics, AttributionSettings settings) {
        List<Map<String, Object>> phases = new ArrayList<>();
        if (experiment != null) {
            for (ExperimentRules.PhaseStart phase : experiment.phases()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("number", phase.number());
                p.put("startedAt", Instant.ofEpochMilli(phase.startedAt()).toString());
                p.put("changedSlots", phase.changedSlots().stream().map(r -> List.of(r.start(), r.end())).toList());
                phases.add(p);
            }
        }
        Map<String, Object> rules = new LinkedHashMap<>();
        rules.put("phases", phases);
        rules.put("stoppedAt", experiment == null || experiment.stoppedAt() == null ? null
                : Instant.ofEpochMilli(experiment.stoppedAt()).toString());
        Map<String, Object> cuped = new LinkedHashMap<>();
        cuped.put("prePeriodDays", settings.prePeriodDays());
        cuped.put("historyDays", settings.historyDays());
        cuped.put("customNamesPerDay", ActivityHistory.MAX_NAMES_PER_DAY);
        rules.put("cuped", cuped);
        rules.put("metrics", metrics.stream().map(IngestRules::rule).toList());
        return JSON.writeValueAsString(rules);
    }
}
