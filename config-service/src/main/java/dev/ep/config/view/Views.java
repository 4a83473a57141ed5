package dev.ep.config.view;

import dev.ep.config.change.AggregateRef;
import dev.ep.config.change.ConfigState;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;

/** The view of any aggregate in a state (what the projection stores per aggregate). */
public final class Views {

    private Views() {
    }

    public static Object of(ConfigState state, AggregateRef ref) {
        long version = state.version(ref);
        return switch (ref.type()) {
            case EXPERIMENT -> ExperimentView.of(state.experiments().get(new ExperimentId(ref.id())), version);
            case LAYER -> LayerView.of(state.layers().get(new LayerId(ref.id())), version);
            case HOLDOUT -> HoldoutView.of(state.holdout(), version);
            case METRIC -> metric(state, new MetricName(ref.id()), version);
        };
    }

    private static MetricView metric(ConfigState state, MetricName name, long version) {
        CustomMetric custom = state.customMetrics().get(name);
        return custom == null ? MetricView.builtIn(name, state.metricSettings(name), version)
                : MetricView.of(custom, state.metricSettings(name), version);
    }
}
