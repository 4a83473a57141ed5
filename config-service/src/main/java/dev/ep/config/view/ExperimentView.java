package dev.ep.config.view;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.ep.config.allocation.Range;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.Phase;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.metric.MetricName;
import dev.ep.targeting.TargetingWriter;
import tools.jackson.databind.JsonNode;

/**
 * An experiment as the API returns it and the projection stores it. Weights and traffic in basis points (10,000 =
 * 100%) with the percentage beside them; variables and targeting as JSON.
 */
public record ExperimentView(String id, String name, String hypothesis, String owner, String layer, String unit,
        String salt, String status, long version, int phase, int trafficBasisPoints, double trafficPercent,
        List<RangeView> buckets, List<TreatmentView> treatments, List<SlotRangeView> slots, JsonNode targeting,
        String primaryMetric, List<String> guardrailMetrics, Map<String, String> overrides, boolean autoPause,
        List<PhaseView> phases, Instant createdAt, Instant stoppedAt) {

    public record RangeView(int start, int end) {
        static List<RangeView> of(List<Range> ranges) {
            return ranges.stream().map(r -> new RangeView(r.start(), r.end())).toList();
        }
    }

    public record TreatmentView(String name, String description, boolean control, int weightBasisPoints,
            double weightPercent, JsonNode variables) {
    }

    public record SlotRangeView(int start, int end, String treatment) {
    }

    /**
     * A phase: when it started and ended ({@code endedAt} null while current), the slots that changed when it
     * started, its weights (the expected split of a sample-ratio check) and its traffic steps.
     */
    public record PhaseView(int number, Instant startedAt, Instant endedAt, List<RangeView> changedSlots,
            List<PhaseWeightView> weights, List<TrafficStepView> traffic) {
        static PhaseView of(Phase p) {
            return new PhaseView(p.number(), p.startedAt(), p.endedAt().orElse(null), RangeView.of(p.changedSlots()),
                    p.weights().stream().map(w -> new PhaseWeightView(w.treatment(), w.weightBasisPoints(),
                            w.weightBasisPoints() / 100.0)).toList(),
                    p.traffic().stream().map(t -> new TrafficStepView(t.from(), t.trafficBasisPoints(),
                            t.trafficBasisPoints() / 100.0, t.assigning())).toList());
        }
    }

    public record PhaseWeightView(String treatment, int weightBasisPoints, double weightPercent) {
    }

    /** From {@code from} on, the share of the layer owned; {@code assigning} false while paused. */
    public record TrafficStepView(Instant from, int trafficBasisPoints, double trafficPercent, boolean assigning) {
    }

    public static ExperimentView of(Experiment x, long version) {
        ExperimentDefinition d = x.definition();
        List<Treatment> ts = d.treatments().list();
        return new ExperimentView(d.id().value(), d.name(), d.hypothesis(), d.owner(), d.layer().value(),
                d.unit().text(), d.salt().value(), x.status().name(), version,
                x.phase(), x.trafficBasisPoints(), x.trafficBasisPoints() / 100.0,
                RangeView.of(x.allocation().ranges()),
                ts.stream().map(t -> new TreatmentView(t.name(), t.description(), t.control(), t.weightBasisPoints(),
                        t.weightBasisPoints() / 100.0, Json.parse(t.variables().json()))).toList(),
                x.slots().ranges().stream().map(r -> new SlotRangeView(r.start(), r.end(), ts.get(r.treatment()).name()))
                        .toList(),
                Json.parse(TargetingWriter.write(d.targeting())),
                d.primaryMetric().map(MetricName::value).orElse(null),
                d.guardrailMetrics().stream().map(MetricName::value).toList(), d.overrides().byUnit(), d.autoPause(),
                x.phases().stream().map(PhaseView::of).toList(),
                x.createdAt(), x.stoppedAt().orElse(null));
    }
}
