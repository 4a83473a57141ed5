package dev.ep.reporting.stream;

import dev.ep.events.v1.ExperimentSnapshot;
import dev.ep.events.v1.ExperimentState;
import dev.ep.events.v1.MetricState;
import dev.ep.events.v1.Phase;
import dev.ep.events.v1.PhaseWeight;
import dev.ep.events.v1.Range;
import dev.ep.events.v1.Treatment;
import dev.ep.reporting.attribution.Catalog;
import dev.ep.reporting.attribution.CustomMetric;
import dev.ep.reporting.attribution.ExperimentRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the latest snapshot per configuration key and turns them into a {@link ConfigSnapshot}. Deleted aggregates
 * and UNKNOWN kinds are dropped, as the snapshot topic's contract says.
 */
final class ConfigTranslator {

    private final Map<String, ExperimentSnapshot> byKey = new TreeMap<>();

    void put(String key, ExperimentSnapshot snapshot) {
        if (snapshot == null || snapshot.getDeleted()) {
            byKey.remove(key);
        } else {
            byKey.put(key, snapshot);
        }
    }

    ConfigSnapshot snapshot() {
        Map<String, ExperimentRules> rules = new LinkedHashMap<>();
        Map<String, ExperimentConfig> experiments = new LinkedHashMap<>();
        List<CustomMetric> metrics = new ArrayList<>();
        Map<String, MetricSettings> settings = new LinkedHashMap<>();
        int holdout = 0;
        for (ExperimentSnapshot s : byKey.values()) {
            switch (s.getAggregateType()) {
                case EXPERIMENT -> {
                    if (s.getExperiment() != null) {
                        ExperimentState e = s.getExperiment();
                        rules.put(e.getId(), rules(e));
                        experiments.put(e.getId(), config(e, s));
                    }
                }
                case METRIC -> {
                    MetricState m = s.getMetric();
                    if (m != null && !m.getBuiltIn()
                            && m.getAggregation() != dev.ep.events.v1.MetricAggregation.UNKNOWN) {
                        metrics.add(new CustomMetric(m.getName(), m.getEventName(),
                                CustomMetric.Aggregation.valueOf(m.getAggregation().name())));
                    }
                    if (m != null) {
                        settings.put(m.getName(), settings(m));
                    }
                }
                case HOLDOUT -> holdout = s.getHoldout() == null ? 0 : s.getHoldout().getBasisPoints();
                default -> {
                }
            }
        }
        return new ConfigSnapshot(new Catalog(rules, metrics), experiments, holdout, settings);
    }

    /** A harm direction the record does not give (older record, or UNKNOWN: newer) is not configured. */
    private static MetricSettings settings(MetricState m) {
        MetricSettings.HarmDirection direction = m.getHarmDirection() == null
                || m.getHarmDirection() == dev.ep.events.v1.HarmDirection.UNKNOWN
                ? null : MetricSettings.HarmDirection.valueOf(m.getHarmDirection().name());
        Double tau2 = m.getTau2() != null && Double.isFinite(m.getTau2()) && m.getTau2() > 0 ? m.getTau2() : null;
        return new MetricSettings(tau2, direction);
    }

    private static ExperimentRules rules(ExperimentState e) {
        List<ExperimentRules.PhaseStart> phases = new ArrayList<>();
        for (Phase p : e.getPhases()) {
            List<ExperimentRules.SlotRange> changed = new ArrayList<>();
            for (Range r : p.getChangedSlots()) {
                changed.add(new ExperimentRules.SlotRange(r.getStart(), r.getEnd()));
            }
            phases.add(new ExperimentRules.PhaseStart(p.getNumber(), p.getStartedAt().toEpochMilli(), changed));
        }
        return new ExperimentRules(e.getId(), phases,
                e.getStoppedAt() == null ? null : e.getStoppedAt().toEpochMilli());
    }

    private static ExperimentConfig config(ExperimentState e, ExperimentSnapshot s) {
        Map<Integer, Map<String, Integer>> weights = new LinkedHashMap<>();
        for (Phase p : e.getPhases()) {
            Map<String, Integer> w = new LinkedHashMap<>();
            for (PhaseWeight pw : p.getWeights()) {
                w.put(pw.getTreatment(), pw.getWeightBasisPoints());
            }
            weights.put(p.getNumber(), w);
        }
        Map<String, Integer> current = new LinkedHashMap<>();
        String control = null;
        for (Treatment t : e.getTreatments()) {
            current.put(t.getName(), t.getWeightBasisPoints());
            if (t.getControl()) {
                control = t.getName();
            }
        }
        weights.putIfAbsent(e.getPhase(), current);
        return new ExperimentConfig(e.getId(), e.getUnitType().name(), e.getStatus().name(), control, e.getPhase(),
                weights, e.getPrimaryMetric(), e.getGuardrailMetrics(), s.getVersion(), s.getSequence(),
                e.getAutoPause());
    }
}
