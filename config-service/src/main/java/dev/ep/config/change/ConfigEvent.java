package dev.ep.config.change;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ep.config.allocation.Range;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.config.slot.SlotMap;
import dev.ep.targeting.Targeting;

/**
 * A change that happened; the configuration is the fold of these ({@link ConfigState#apply}).
 * Events carry their results (claimed and released bucket ranges, the new slot map), not only their
 * inputs, so replay never re-runs an allocation algorithm and downstream readers see exactly what
 * changed. Who, why and when-committed belong to the event store's envelope, not here; events carry
 * a time only where the state needs it (creation, phases and their traffic steps: start, ramps, weight changes,
 * pauses, resumes, stop).
 */
public sealed interface ConfigEvent {

    /** The aggregate whose version this event bumps. */
    AggregateRef aggregate();

    record LayerCreated(Layer layer) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(layer.id());
        }
    }

    record HoldoutChanged(Holdout holdout) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.HOLDOUT;
        }
    }

    /** A custom metric and its analysis settings (default settings in events stored before settings existed). */
    record CustomMetricDefined(CustomMetric metric, MetricSettings settings) implements ConfigEvent {
        public CustomMetricDefined {
            settings = settings == null ? MetricSettings.DEFAULT : settings;
        }

        public CustomMetricDefined(CustomMetric metric) {
            this(metric, MetricSettings.DEFAULT);
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(metric.name());
        }
    }

    /** A metric's analysis settings replaced (τ², harm direction); built-in metrics included. */
    record MetricSettingsChanged(MetricName metric, MetricSettings settings) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(metric);
        }
    }

    record ExperimentCreated(ExperimentDefinition definition, Instant at) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(definition.id());
        }
    }

    record DraftUpdated(ExperimentDefinition definition) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(definition.id());
        }
    }

    /** Started at {@code trafficBasisPoints}, owning {@code claimed}, with phase 1's slot map. */
    record ExperimentStarted(ExperimentId id, Instant at, int trafficBasisPoints, List<Range> claimed,
            SlotMap slots) implements ConfigEvent {
        public ExperimentStarted {
            claimed = List.copyOf(claimed);
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    /**
     * Traffic changed at {@code at}; exactly one of {@code claimed} (ramp up) and {@code released} (ramp down) is
     * non-empty. The current phase gets a traffic step; a ramp never opens a phase.
     */
    record Ramped(ExperimentId id, Instant at, int fromBasisPoints, int toBasisPoints, List<Range> claimed,
            List<Range> released) implements ConfigEvent {
        public Ramped {
            claimed = List.copyOf(claimed);
            released = List.copyOf(released);
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    /** New weights (treatment name → basis points, in treatment order) starting {@code phase}. */
    record WeightsChanged(ExperimentId id, Instant at, Map<String, Integer> weights, int phase, SlotMap slots,
            List<Range> changedSlots) implements ConfigEvent {
        public WeightsChanged {
            weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
            changedSlots = List.copyOf(changedSlots);
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record OverridesChanged(ExperimentId id, Overrides overrides) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record TargetingChanged(ExperimentId id, Targeting targeting) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record Paused(ExperimentId id, Instant at) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    record Resumed(ExperimentId id, Instant at) implements ConfigEvent {
        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }

    /** Stopped for good; {@code released} are all the buckets it owned. */
    record Stopped(ExperimentId id, Instant at, List<Range> released) implements ConfigEvent {
        public Stopped {
            released = List.copyOf(released);
        }

        @Override
        public AggregateRef aggregate() {
            return AggregateRef.of(id);
        }
    }
}
