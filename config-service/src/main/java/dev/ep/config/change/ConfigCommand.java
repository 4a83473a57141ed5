package dev.ep.config.change;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.layer.Layer;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.targeting.Targeting;

/** What a client asks for; {@link ConfigDecider} validates it against the state and answers with events. */
public sealed interface ConfigCommand {

    AggregateRef aggregate();

    record CreateLayer(Layer layer) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(layer.id());
        }
    }

    /** The holdout's share and unit; an empty {@code unit} keeps the current one. */
    record ChangeHoldout(int basisPoints, Optional<AssignmentUnit> unit) implements ConfigCommand {
        public ChangeHoldout {
            unit = unit == null ? Optional.empty() : unit;
        }

        /** A new share, keeping the unit. */
        public ChangeHoldout(int basisPoints) {
            this(basisPoints, Optional.empty());
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.HOLDOUT;
        }
    }

    /** A new custom metric with its analysis settings. */
    record DefineCustomMetric(CustomMetric metric, MetricSettings settings) implements ConfigCommand {
        public DefineCustomMetric {
            settings = settings == null ? MetricSettings.DEFAULT : settings;
        }

        /** With the default settings. */
        public DefineCustomMetric(CustomMetric metric) {
            this(metric, MetricSettings.DEFAULT);
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(metric.name());
        }
    }

    /** Replaces the analysis settings of a metric of the catalogue, built-in or custom. */
    record ChangeMetricSettings(MetricName metric, MetricSettings settings) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(metric);
        }
    }

    /** A new DRAFT; a definition without a unit ({@code unit() == null}) takes its layer's. */
    record CreateExperiment(ExperimentDefinition definition) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(definition.id());
        }
    }

    /**
     * Replaces a DRAFT's whole definition (the id, inside the definition, selects the experiment); without a unit it
     * takes its layer's.
     */
    record UpdateDraft(ExperimentDefinition definition) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(definition.id());
        }
    }

    record Start(ExperimentId id, int trafficBasisPoints) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    /** Ramp to an absolute share of the layer. */
    record Ramp(ExperimentId id, int trafficBasisPoints) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    /** New weights by treatment name, in basis points; must name exactly the existing treatments. */
    record ChangeWeights(ExperimentId id, Map<String, Integer> weights) implements ConfigCommand {
        public ChangeWeights {
            weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record ChangeOverrides(ExperimentId id, Overrides overrides) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record ChangeTargeting(ExperimentId id, Targeting targeting) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record Pause(ExperimentId id) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record Resume(ExperimentId id) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record Stop(ExperimentId id) implements ConfigCommand {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }
}
