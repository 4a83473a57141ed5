package dev.ep.config.change;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.ep.config.allocation.BucketAllocation;
import dev.ep.config.allocation.LayerBuckets;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.ExperimentStatus;
import dev.ep.config.experiment.Phase;
import dev.ep.config.experiment.PhaseWeight;
import dev.ep.config.experiment.TrafficStep;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.experiment.Treatments;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.MetricCatalogue;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;

/**
 * The whole configuration, as the fold of all events: {@code state = events.reduce(EMPTY, apply)}.
 * Immutable; {@link #apply} returns a new state. Maps keep creation order, so replay gives equal
 * states (and equal iteration order). {@code apply} trusts that the decider validated the event,
 * but still fails loudly on an event that cannot follow the state (a corrupt log).
 *
 * @param versions every aggregate's version (number of its events)
 * @param events   number of events applied (the global sequence of the last one, when the store
 *                 numbers from 1 without gaps)
 */
public record ConfigState(Map<LayerId, Layer> layers, Map<ExperimentId, Experiment> experiments, Holdout holdout,
        Map<MetricName, CustomMetric> customMetrics, Map<MetricName, MetricSettings> metricSettings,
        Map<AggregateRef, Long> versions, long events) {

    public static final ConfigState EMPTY = new ConfigState(Map.of(), Map.of(), Holdout.NONE, Map.of(), Map.of(),
            Map.of(), 0);

    public ConfigState {
        layers = frozen(layers);
        experiments = frozen(experiments);
        customMetrics = frozen(customMetrics);
        metricSettings = frozen(metricSettings == null ? Map.of() : metricSettings);
        versions = frozen(versions);
    }

    /** A state whose metrics all have their default settings. */
    public ConfigState(Map<LayerId, Layer> layers, Map<ExperimentId, Experiment> experiments, Holdout holdout,
            Map<MetricName, CustomMetric> customMetrics, Map<AggregateRef, Long> versions, long events) {
        this(layers, experiments, holdout, customMetrics, Map.of(), versions, events);
    }

    /** The metric's analysis settings: as last set, or {@link MetricSettings#DEFAULT}. */
    public MetricSettings metricSettings(MetricName metric) {
        return metricSettings.getOrDefault(metric, MetricSettings.DEFAULT);
    }

    /** Replays events from the empty state. */
    public static ConfigState replay(Iterable<? extends ConfigEvent> events) {
        ConfigState state = EMPTY;
        for (ConfigEvent e : events) {
            state = state.apply(e);
        }
        return state;
    }

    public long version(AggregateRef aggregate) {
        return versions.getOrDefault(aggregate, 0L);
    }

    public Optional<Experiment> experiment(ExperimentId id) {
        return Optional.ofNullable(experiments.get(id));
    }

    public Optional<Layer> layer(LayerId id) {
        return Optional.ofNullable(layers.get(id));
    }

    /** Who owns which buckets of a layer (RUNNING and PAUSED experiments), and what is free. */
    public LayerBuckets buckets(LayerId layer) {
        Map<String, BucketAllocation> owners = new LinkedHashMap<>();
        for (Experiment e : experiments.values()) {
            if (e.definition().layer().equals(layer) && e.status().isLive()) {
                owners.put(e.id().value(), e.allocation());
            }
        }
        return LayerBuckets.of(layer, owners);
    }

    // ------------------------------------------------------------------ fold

    /** The state after one more event. */
    public ConfigState apply(ConfigEvent event) {
        ConfigState next;
        if (event instanceof ConfigEvent.LayerCreated e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.HoldoutChanged e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.CustomMetricDefined e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.MetricSettingsChanged e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.ExperimentCreated e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.DraftUpdated e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.ExperimentStarted e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.Ramped e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.WeightsChanged e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.OverridesChanged e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.TargetingChanged e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.Paused e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.Resumed e) {
            next = apply(e);
        } else if (event instanceof ConfigEvent.Stopped e) {
            next = apply(e);
        } else {
            throw new IllegalStateException("no apply for " + event);
        }
        Map<AggregateRef, Long> v = new LinkedHashMap<>(versions);
        v.merge(event.aggregate(), 1L, Long::sum);
        return new ConfigState(next.layers, next.experiments, next.holdout, next.customMetrics, next.metricSettings, v,
                events + 1);
    }

    private ConfigState apply(ConfigEvent.LayerCreated e) {
        require(!layers.containsKey(e.layer().id()), e, "layer exists");
        return withLayers(put(layers, e.layer().id(), e.layer()));
    }

    private ConfigState apply(ConfigEvent.HoldoutChanged e) {
        return new ConfigState(layers, experiments, e.holdout(), customMetrics, metricSettings, versions, events);
    }

    private ConfigState apply(ConfigEvent.CustomMetricDefined e) {
        require(!customMetrics.containsKey(e.metric().name()), e, "metric exists");
        return new ConfigState(layers, experiments, holdout, put(customMetrics, e.metric().name(), e.metric()),
                put(metricSettings, e.metric().name(), e.settings()), versions, events);
    }

    private ConfigState apply(ConfigEvent.MetricSettingsChanged e) {
        require(MetricCatalogue.exists(e.metric(), customMetrics), e, "metric exists");
        return new ConfigState(layers, experiments, holdout, customMetrics,
                put(metricSettings, e.metric(), e.settings()), versions, events);
    }

    private ConfigState apply(ConfigEvent.ExperimentCreated e) {
        require(!experiments.containsKey(e.definition().id()), e, "experiment exists");
        require(e.definition().unit() != null, e, "the definition has a unit");
        return withExperiment(Experiment.draft(e.definition(), e.at()));
    }

    private ConfigState apply(ConfigEvent.DraftUpdated e) {
        Experiment x = existing(e.definition().id(), e, ExperimentStatus.DRAFT);
        require(e.definition().unit() != null, e, "the definition has a unit");
        return withExperiment(Experiment.draft(e.definition(), x.createdAt()));
    }

    private ConfigState apply(ConfigEvent.ExperimentStarted e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.DRAFT);
        BucketAllocation allocation = BucketAllocation.NONE.plus(e.claimed());
        require(allocation.size() == e.trafficBasisPoints(), e, "claimed buckets match traffic");
        Phase first = Phase.open(1, e.at(), List.of(), PhaseWeight.of(x.definition().treatments()),
                e.trafficBasisPoints(), true);
        return withExperiment(new Experiment(x.definition(), ExperimentStatus.RUNNING, x.createdAt(), allocation,
                e.slots(), List.of(first), x.stoppedAt()));
    }

    private ConfigState apply(ConfigEvent.Ramped e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.RUNNING, ExperimentStatus.PAUSED);
        require(x.trafficBasisPoints() == e.fromBasisPoints(), e, "ramp starts from current traffic");
        BucketAllocation allocation = x.allocation().plus(e.claimed());
        int releasedCount = e.released().stream().mapToInt(dev.ep.config.allocation.Range::size).sum();
        require(allocation.newest(releasedCount).equals(e.released()), e, "released buckets are the newest");
        allocation = allocation.minusNewest(releasedCount);
        require(allocation.size() == e.toBasisPoints(), e, "ramp ends at target traffic");
        List<Phase> phases = withCurrent(x, x.currentPhase().withStep(new TrafficStep(e.at(), e.toBasisPoints(),
                x.status() == ExperimentStatus.RUNNING)));
        return withExperiment(new Experiment(x.definition(), x.status(), x.createdAt(), allocation, x.slots(),
                phases, x.stoppedAt()));
    }

    private ConfigState apply(ConfigEvent.WeightsChanged e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.RUNNING, ExperimentStatus.PAUSED);
        require(e.weights().keySet().equals(new java.util.LinkedHashSet<>(x.definition().treatments().names())), e,
                "weights name the experiment's treatments");
        require(e.phase() == x.phase() + 1, e, "next phase");
        List<Treatment> treatments = new ArrayList<>();
        for (Treatment t : x.definition().treatments().list()) {
            treatments.add(t.withWeight(e.weights().get(t.name())));
        }
        ExperimentDefinition definition = x.definition().withTreatments(new Treatments(treatments));
        // the phase ends here; the next one opens with the new weights and the traffic as it is
        List<Phase> phases = new ArrayList<>(withCurrent(x, x.currentPhase().endedAt(e.at())));
        phases.add(Phase.open(e.phase(), e.at(), e.changedSlots(), PhaseWeight.of(definition.treatments()),
                x.trafficBasisPoints(), x.status() == ExperimentStatus.RUNNING));
        return withExperiment(new Experiment(definition, x.status(), x.createdAt(), x.allocation(), e.slots(),
                phases, x.stoppedAt()));
    }

    private ConfigState apply(ConfigEvent.OverridesChanged e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.DRAFT, ExperimentStatus.RUNNING, ExperimentStatus.PAUSED);
        return withExperiment(new Experiment(x.definition().withOverrides(e.overrides()), x.status(), x.createdAt(),
                x.allocation(), x.slots(), x.phases(), x.stoppedAt()));
    }

    private ConfigState apply(ConfigEvent.TargetingChanged e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.DRAFT, ExperimentStatus.RUNNING, ExperimentStatus.PAUSED);
        return withExperiment(new Experiment(x.definition().withTargeting(e.targeting()), x.status(), x.createdAt(),
                x.allocation(), x.slots(), x.phases(), x.stoppedAt()));
    }

    private ConfigState apply(ConfigEvent.Paused e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.RUNNING);
        List<Phase> phases = withCurrent(x, x.currentPhase().withStep(new TrafficStep(e.at(), x.trafficBasisPoints(),
                false)));
        return withExperiment(new Experiment(x.definition(), ExperimentStatus.PAUSED, x.createdAt(), x.allocation(),
                x.slots(), phases, x.stoppedAt()));
    }

    private ConfigState apply(ConfigEvent.Resumed e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.PAUSED);
        List<Phase> phases = withCurrent(x, x.currentPhase().withStep(new TrafficStep(e.at(), x.trafficBasisPoints(),
                true)));
        return withExperiment(new Experiment(x.definition(), ExperimentStatus.RUNNING, x.createdAt(), x.allocation(),
                x.slots(), phases, x.stoppedAt()));
    }

    private ConfigState apply(ConfigEvent.Stopped e) {
        Experiment x = existing(e.id(), e, ExperimentStatus.RUNNING, ExperimentStatus.PAUSED);
        require(x.allocation().ranges().stream().sorted().toList().equals(e.released()), e, "stop releases every bucket");
        return withExperiment(new Experiment(x.definition(), ExperimentStatus.STOPPED, x.createdAt(),
                BucketAllocation.NONE, x.slots(), withCurrent(x, x.currentPhase().endedAt(e.at())),
                Optional.of(e.at())));
    }

    // ------------------------------------------------------------------ helpers

    private Experiment existing(ExperimentId id, ConfigEvent e, ExperimentStatus... allowed) {
        Experiment x = experiments.get(id);
        require(x != null, e, "experiment exists");
        require(List.of(allowed).contains(x.status()), e, "status is one of " + List.of(allowed));
        return x;
    }

    /** The phases of {@code x} with the current (last) one replaced. */
    private static List<Phase> withCurrent(Experiment x, Phase current) {
        List<Phase> phases = new ArrayList<>(x.phases());
        phases.set(phases.size() - 1, current);
        return phases;
    }

    private static void require(boolean condition, ConfigEvent e, String what) {
        if (!condition) {
            throw new IllegalStateException("event cannot follow the current state (" + what + "): " + e);
        }
    }

    private ConfigState withLayers(Map<LayerId, Layer> newLayers) {
        return new ConfigState(newLayers, experiments, holdout, customMetrics, metricSettings, versions, events);
    }

    private ConfigState withExperiment(Experiment x) {
        return new ConfigState(layers, put(experiments, x.id(), x), holdout, customMetrics, metricSettings, versions,
                events);
    }

    private static <K, V> Map<K, V> put(Map<K, V> map, K key, V value) {
        Map<K, V> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
