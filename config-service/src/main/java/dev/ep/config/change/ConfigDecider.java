package dev.ep.config.change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.ep.config.allocation.LayerBuckets;
import dev.ep.config.allocation.Range;
import dev.ep.config.change.ConfigCommand.ChangeHoldout;
import dev.ep.config.change.ConfigCommand.ChangeOverrides;
import dev.ep.config.change.ConfigCommand.ChangeTargeting;
import dev.ep.config.change.ConfigCommand.ChangeWeights;
import dev.ep.config.change.ConfigCommand.CreateExperiment;
import dev.ep.config.change.ConfigCommand.CreateLayer;
import dev.ep.config.change.ConfigCommand.DefineCustomMetric;
import dev.ep.config.change.ConfigCommand.Pause;
import dev.ep.config.change.ConfigCommand.Ramp;
import dev.ep.config.change.ConfigCommand.Resume;
import dev.ep.config.change.ConfigCommand.Start;
import dev.ep.config.change.ConfigCommand.Stop;
import dev.ep.config.change.ConfigCommand.UpdateDraft;
import dev.ep.config.experiment.Experiment;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.ExperimentStatus;
import dev.ep.config.experiment.Transition;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.experiment.Treatments;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.metric.MetricCatalogue;
import dev.ep.config.metric.MetricName;
import dev.ep.config.problem.ConfigException;
import dev.ep.config.problem.ErrorCode;
import dev.ep.config.slot.SlotMap;

/**
 * Validates a command against the current state and answers with the events that carry it out, or
 * refuses with a {@link ConfigException} (the state is then unchanged, since nothing was appended).
 * Pure: no clock, no I/O; the time comes in the {@link CommandContext}.
 */
public final class ConfigDecider {

    private ConfigDecider() {
    }

    /** Events to append when the platform starts with an empty store: the default layer. */
    public static List<ConfigEvent> bootstrap(ConfigState state) {
        return state.layers().containsKey(Layer.defaultLayer().id())
                ? List.of()
                : List.of(new ConfigEvent.LayerCreated(Layer.defaultLayer()));
    }

    public static List<ConfigEvent> decide(ConfigState state, ConfigCommand command, CommandContext context) {
        checkVersion(state, command, context);
        checkTeam(state, command, context);
        if (command instanceof CreateLayer c) {
            return createLayer(state, c);
        } else if (command instanceof ChangeHoldout c) {
            return changeHoldout(state, c);
        } else if (command instanceof DefineCustomMetric c) {
            return defineMetric(state, c);
        } else if (command instanceof ConfigCommand.ChangeMetricSettings c) {
            return changeMetricSettings(state, c);
        } else if (command instanceof CreateExperiment c) {
            return createExperiment(state, c, context);
        } else if (command instanceof UpdateDraft c) {
            return updateDraft(state, c);
        } else if (command instanceof Start c) {
            return start(state, c, context);
        } else if (command instanceof Ramp c) {
            return ramp(state, c, context);
        } else if (command instanceof ChangeWeights c) {
            return changeWeights(state, c, context);
        } else if (command instanceof ChangeOverrides c) {
            return changeOverrides(state, c);
        } else if (command instanceof ChangeTargeting c) {
            return changeTargeting(state, c);
        } else if (command instanceof Pause c) {
            return List.of(new ConfigEvent.Paused(transition(state, c.id(), Transition.PAUSE).id(),
                    context.now()));
        } else if (command instanceof Resume c) {
            return List.of(new ConfigEvent.Resumed(transition(state, c.id(), Transition.RESUME).id(),
                    context.now()));
        } else if (command instanceof Stop c) {
            return stop(state, c, context);
        }
        throw new IllegalStateException("no decision for " + command);
    }

    /** Applies the events of {@link #decide} (convenience for tests and the store). */
    public static ConfigState handle(ConfigState state, ConfigCommand command, CommandContext context) {
        ConfigState next = state;
        for (ConfigEvent e : decide(state, command, context)) {
            next = next.apply(e);
        }
        return next;
    }

    private static void checkVersion(ConfigState state, ConfigCommand command, CommandContext context) {
        if (context.expectedVersion().isPresent()) {
            long current = state.version(command.aggregate());
            long expected = context.expectedVersion().getAsLong();
            if (current != expected) {
                throw new ConfigException(ErrorCode.VERSION_CONFLICT, command.aggregate().key() + " is at version "
                        + current + ", not the expected " + expected + "; reload it and retry");
            }
        }
    }

    /**
     * An experiment is changed only by a caller whose scope covers its owning team, both the team it has and, for a
     * draft edit or a creation, the team it is given: one team can neither change another team's experiment nor
     * hand its own to a team it is not in. Checked here, under the store's lock, so no concurrent owner change can
     * slip between the check and the write.
     */
    private static void checkTeam(ConfigState state, ConfigCommand command, CommandContext context) {
        TeamScope scope = context.scope();
        if (scope.all()) {
            return;
        }
        if (command instanceof CreateExperiment c) {
            requireTeam(scope, context.actor(), c.definition().owner(), "create an experiment owned by");
            return;
        }
        if (command.aggregate().type() != AggregateRef.Type.EXPERIMENT) {
            return;
        }
        Experiment x = existing(state, new ExperimentId(command.aggregate().id()));
        requireTeam(scope, context.actor(), x.definition().owner(), "change experiment '" + x.definition().id()
                + "', owned by");
        if (command instanceof UpdateDraft c) {
            requireTeam(scope, context.actor(), c.definition().owner(), "hand an experiment to");
        }
    }

    private static void requireTeam(TeamScope scope, String actor, String owner, String action) {
        if (!scope.covers(owner)) {
            throw new ConfigException(ErrorCode.TEAM_FORBIDDEN, "'" + actor + "' may act for " + scope
                    + ", so it may not " + action + " '" + owner + "'; a token of that team or an admin may");
        }
    }

    private static List<ConfigEvent> createLayer(ConfigState state, CreateLayer c) {
        if (state.layers().containsKey(c.layer().id())) {
            throw new ConfigException(ErrorCode.LAYER_ALREADY_EXISTS, "layer '" + c.layer().id() + "' already exists");
        }
        return List.of(new ConfigEvent.LayerCreated(c.layer()));
    }

    private static List<ConfigEvent> changeHoldout(ConfigState state, ChangeHoldout c) {
        Holdout holdout = new Holdout(c.basisPoints(), state.holdout().salt(),
                c.unit().orElse(state.holdout().unit()));
        if (holdout.equals(state.holdout())) {
            throw new ConfigException(ErrorCode.NO_CHANGE, "holdout is already " + LayerBuckets.percent(c.basisPoints()));
        }
        return List.of(new ConfigEvent.HoldoutChanged(holdout));
    }

    private static List<ConfigEvent> defineMetric(ConfigState state, DefineCustomMetric c) {
        MetricName name = c.metric().name();
        if (MetricCatalogue.isBuiltIn(name)) {
            throw new ConfigException(ErrorCode.METRIC_ALREADY_EXISTS, "metric '" + name + "' is a built-in metric");
        }
        if (state.customMetrics().containsKey(name)) {
            throw new ConfigException(ErrorCode.METRIC_ALREADY_EXISTS, "metric '" + name + "' already exists");
        }
        return List.of(new ConfigEvent.CustomMetricDefined(c.metric(), c.settings()));
    }

    private static List<ConfigEvent> changeMetricSettings(ConfigState state, ConfigCommand.ChangeMetricSettings c) {
        if (!MetricCatalogue.exists(c.metric(), state.customMetrics())) {
            throw new ConfigException(ErrorCode.METRIC_NOT_FOUND, "metric '" + c.metric() + "' is not in the catalogue"
                    + " (metrics: " + String.join(", ", MetricCatalogue.all(state.customMetrics()).stream()
                            .map(Object::toString).toList()) + ")");
        }
        if (state.metricSettings(c.metric()).equals(c.settings())) {
            throw new ConfigException(ErrorCode.NO_CHANGE, "metric '" + c.metric() + "' already has these settings");
        }
        return List.of(new ConfigEvent.MetricSettingsChanged(c.metric(), c.settings()));
    }

    private static List<ConfigEvent> createExperiment(ConfigState state, CreateExperiment c, CommandContext context) {
        ExperimentDefinition d = c.definition();
        if (state.experiments().containsKey(d.id())) {
            throw new ConfigException(ErrorCode.EXPERIMENT_ALREADY_EXISTS, "experiment '" + d.id()
                    + "' already exists; ids are never reused, choose another");
        }
        return List.of(new ConfigEvent.ExperimentCreated(resolve(state, d), context.now()));
    }

    private static List<ConfigEvent> updateDraft(ConfigState state, UpdateDraft c) {
        ExperimentDefinition d = c.definition();
        Experiment x = existing(state, d.id());
        if (x.status() != ExperimentStatus.DRAFT) {
            throw new ConfigException(ErrorCode.WRONG_STATUS, "experiment '" + d.id() + "' is " + x.status()
                    + ": only a DRAFT can be edited; a live experiment may change ramp, weights, overrides and targeting");
        }
        ExperimentDefinition resolved = resolve(state, d);
        if (x.definition().equals(resolved)) {
            throw new ConfigException(ErrorCode.NO_CHANGE, "the draft of experiment '" + d.id() + "' already has this definition");
        }
        return List.of(new ConfigEvent.DraftUpdated(resolved));
    }

    /**
     * Checks a definition against the state (layer, unit, metrics, salt) and gives it its layer's unit when it has
     * none. An experiment of another unit than its layer's is refused: the layer's experiments are exclusive only
     * because they all hash one unit.
     */
    private static ExperimentDefinition resolve(ConfigState state, ExperimentDefinition d) {
        Layer layer = state.layer(d.layer()).orElseThrow(() -> new ConfigException(ErrorCode.UNKNOWN_LAYER, "layer: '"
                + d.layer() + "' does not exist (layers: "
                + String.join(", ", state.layers().keySet().stream().map(Object::toString).toList()) + ")"));
        if (d.unit() != null && d.unit() != layer.unit()) {
            throw new ConfigException(ErrorCode.UNIT_MISMATCH, "unit: experiment unit " + d.unit()
                    + " does not match layer '" + layer.id() + "' (unit " + layer.unit()
                    + "); every experiment of a layer has the layer's unit");
        }
        for (MetricName m : d.metrics()) {
            if (!MetricCatalogue.exists(m, state.customMetrics())) {
                throw new ConfigException(ErrorCode.UNKNOWN_METRIC, "metric '" + m + "' is not in the catalogue (metrics: "
                        + String.join(", ", MetricCatalogue.all(state.customMetrics()).stream().map(Object::toString).toList())
                        + ")");
            }
        }
        for (Experiment other : state.experiments().values()) {
            if (!other.id().equals(d.id()) && other.status() != ExperimentStatus.STOPPED
                    && other.definition().salt().equals(d.salt())) {
                throw new ConfigException(ErrorCode.SALT_IN_USE, "salt: '" + d.salt() + "' is used by experiment '"
                        + other.id() + "' (" + other.status() + "); experiments that are not stopped need distinct salts");
            }
        }
        return d.unit() == null ? d.withUnit(layer.unit()) : d;
    }

    private static List<ConfigEvent> start(ConfigState state, Start c, CommandContext context) {
        requireReason(context, "start");
        Experiment x = transition(state, c.id(), Transition.START);
        checkTraffic(c.trafficBasisPoints());
        if (x.definition().primaryMetric().isEmpty()) {
            throw new ConfigException(ErrorCode.PRIMARY_METRIC_REQUIRED, "experiment '" + c.id()
                    + "' has no primary metric; set one on the draft before starting");
        }
        List<Range> claimed = state.buckets(x.definition().layer()).claim(c.id().value(), c.trafficBasisPoints());
        return List.of(new ConfigEvent.ExperimentStarted(c.id(), context.now(), c.trafficBasisPoints(), claimed,
                SlotMap.initial(x.definition().treatments().weights())));
    }

    private static List<ConfigEvent> ramp(ConfigState state, Ramp c, CommandContext context) {
        requireReason(context, "ramp");
        Experiment x = live(state, c.id(), "ramp");
        checkTraffic(c.trafficBasisPoints());
        int from = x.trafficBasisPoints();
        int to = c.trafficBasisPoints();
        if (to == from) {
            throw new ConfigException(ErrorCode.NO_CHANGE, "experiment '" + c.id() + "' already runs at "
                    + LayerBuckets.percent(to));
        }
        if (to > from) {
            List<Range> claimed = state.buckets(x.definition().layer()).claim(c.id().value(), to - from);
            return List.of(new ConfigEvent.Ramped(c.id(), context.now(), from, to, claimed, List.of()));
        }
        return List.of(new ConfigEvent.Ramped(c.id(), context.now(), from, to, List.of(),
                x.allocation().newest(from - to)));
    }

    private static List<ConfigEvent> changeWeights(ConfigState state, ChangeWeights c, CommandContext context) {
        Experiment x = live(state, c.id(), "change the weights of");
        Treatments current = x.definition().treatments();
        List<String> unknown = c.weights().keySet().stream().filter(n -> current.indexOf(n) < 0).toList();
        List<String> missing = current.names().stream().filter(n -> !c.weights().containsKey(n)).toList();
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new ConfigException(ErrorCode.TREATMENTS_FIXED, "weights: treatments of a live experiment cannot be added"
                    + " or removed (stop it and create a new experiment)"
                    + (unknown.isEmpty() ? "" : "; unknown: " + String.join(", ", unknown))
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing)));
        }
        List<Treatment> reweighted = new ArrayList<>();
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (Treatment t : current.list()) {
            Integer w = c.weights().get(t.name());
            if (w == null || w <= 0) {
                throw new ConfigException(ErrorCode.INVALID_WEIGHTS, "weights." + t.name() + ": must be positive, got " + w);
            }
            reweighted.add(t.withWeight(w));
            ordered.put(t.name(), w);
        }
        Treatments next = new Treatments(reweighted);
        if (next.equals(current)) {
            throw new ConfigException(ErrorCode.NO_CHANGE, "experiment '" + c.id() + "' already has these weights");
        }
        SlotMap slots = x.slots().rebalance(next.weights());
        return List.of(new ConfigEvent.WeightsChanged(c.id(), context.now(), ordered, x.phase() + 1, slots,
                x.slots().changedSlots(slots)));
    }

    private static List<ConfigEvent> changeOverrides(ConfigState state, ChangeOverrides c) {
        Experiment x = editable(state, c.id(), "change the overrides of");
        ExperimentDefinition changed = x.definition().withOverrides(c.overrides());
        if (changed.equals(x.definition())) {
            throw new ConfigException(ErrorCode.NO_CHANGE, "experiment '" + c.id() + "' already has these overrides");
        }
        return List.of(new ConfigEvent.OverridesChanged(c.id(), c.overrides()));
    }

    private static List<ConfigEvent> changeTargeting(ConfigState state, ChangeTargeting c) {
        Experiment x = editable(state, c.id(), "change the targeting of");
        if (x.definition().targeting().equals(c.targeting())) {
            throw new ConfigException(ErrorCode.NO_CHANGE, "experiment '" + c.id() + "' already has this targeting");
        }
        return List.of(new ConfigEvent.TargetingChanged(c.id(), c.targeting()));
    }

    private static List<ConfigEvent> stop(ConfigState state, Stop c, CommandContext context) {
        requireReason(context, "stop");
        Experiment x = transition(state, c.id(), Transition.STOP);
        return List.of(new ConfigEvent.Stopped(c.id(), context.now(),
                x.allocation().ranges().stream().sorted().toList()));
    }

    // ------------------------------------------------------------------ checks

    private static Experiment existing(ConfigState state, ExperimentId id) {
        return state.experiment(id).orElseThrow(() -> new ConfigException(ErrorCode.EXPERIMENT_NOT_FOUND,
                "experiment '" + id + "' does not exist"));
    }

    private static Experiment transition(ConfigState state, ExperimentId id, Transition transition) {
        Experiment x = existing(state, id);
        if (!transition.allowedFrom(x.status())) {
            throw new ConfigException(ErrorCode.ILLEGAL_TRANSITION, "cannot " + transition.verb() + " experiment '" + id
                    + "': it is " + x.status() + "; " + transition.verb() + " is allowed only from "
                    + transition.from().stream().map(Enum::name).sorted().reduce((a, b) -> a + " or " + b).orElseThrow());
        }
        return x;
    }

    private static Experiment live(ConfigState state, ExperimentId id, String verb) {
        Experiment x = existing(state, id);
        if (!x.status().isLive()) {
            throw new ConfigException(ErrorCode.WRONG_STATUS, "cannot " + verb + " experiment '" + id + "': it is "
                    + x.status() + "; only RUNNING or PAUSED experiments can"
                    + (x.status() == ExperimentStatus.DRAFT ? " (edit the draft instead, or start it)" : ""));
        }
        return x;
    }

    private static Experiment editable(ConfigState state, ExperimentId id, String verb) {
        Experiment x = existing(state, id);
        if (x.status() == ExperimentStatus.STOPPED) {
            throw new ConfigException(ErrorCode.WRONG_STATUS, "cannot " + verb + " experiment '" + id
                    + "': it is STOPPED");
        }
        return x;
    }

    private static void requireReason(CommandContext context, String verb) {
        if (context.reason().isEmpty()) {
            throw new ConfigException(ErrorCode.REASON_REQUIRED, "reason: is required to " + verb + " an experiment");
        }
    }

    private static void checkTraffic(int basisPoints) {
        if (basisPoints < 1 || basisPoints > Layer.BUCKETS) {
            throw new ConfigException(ErrorCode.INVALID_TRAFFIC, "traffic: must be between 1 and 10000 basis points"
                    + " (0.01% to 100%), got " + basisPoints);
        }
    }
}
