package dev.ep.config.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.ep.config.allocation.Range;
import dev.ep.config.change.ConfigEvent;
import dev.ep.config.experiment.AssignmentUnit;
import dev.ep.config.experiment.ExperimentDefinition;
import dev.ep.config.experiment.ExperimentId;
import dev.ep.config.experiment.Overrides;
import dev.ep.config.experiment.Salt;
import dev.ep.config.experiment.Treatment;
import dev.ep.config.experiment.Treatments;
import dev.ep.config.experiment.Variables;
import dev.ep.config.holdout.Holdout;
import dev.ep.config.layer.Layer;
import dev.ep.config.layer.LayerId;
import dev.ep.config.metric.Aggregation;
import dev.ep.config.metric.CustomMetric;
import dev.ep.config.metric.HarmDirection;
import dev.ep.config.metric.MetricName;
import dev.ep.config.metric.MetricSettings;
import dev.ep.config.slot.SlotMap;
import dev.ep.config.slot.SlotRange;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingParser;
import dev.ep.targeting.TargetingWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The stored (and published) payload of each event, and back. Lossless: {@code decode(type, encode(e)).equals(e)}.
 * Only strings, integers, booleans and nulls appear as leaves; nested JSON documents (treatment variables,
 * targeting) are embedded as JSON <em>text</em>, so PostgreSQL's jsonb normalisation cannot change a number and
 * the canonical form, and therefore the hash, survives the round trip through the database.
 *
 * <p>Fields added after events were first stored are optional when decoding, so an old log replays unchanged (its
 * stored text, and therefore its hash chain, is never rewritten): a layer or holdout without {@code unit} is
 * SESSION (the only unit there was), and a ramp without {@code at} took effect at its envelope time (the commit
 * time, which the decision time always equals), and an experiment definition without {@code autoPause} did not opt
 * in (false).
 */
public final class EventJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private EventJson() {
    }

    /** The change type of an event, as stored in {@code event_type} and published as {@code ChangeType}. */
    public static String type(ConfigEvent event) {
        if (event instanceof ConfigEvent.LayerCreated) {
            return "LAYER_CREATED";
        } else if (event instanceof ConfigEvent.HoldoutChanged) {
            return "HOLDOUT_CHANGED";
        } else if (event instanceof ConfigEvent.CustomMetricDefined) {
            return "METRIC_DEFINED";
        } else if (event instanceof ConfigEvent.MetricSettingsChanged) {
            return "METRIC_SETTINGS_CHANGED";
        } else if (event instanceof ConfigEvent.ExperimentCreated) {
            return "EXPERIMENT_CREATED";
        } else if (event instanceof ConfigEvent.DraftUpdated) {
            return "EXPERIMENT_UPDATED";
        } else if (event instanceof ConfigEvent.ExperimentStarted) {
            return "EXPERIMENT_STARTED";
        } else if (event instanceof ConfigEvent.Ramped) {
            return "EXPERIMENT_RAMPED";
        } else if (event instanceof ConfigEvent.WeightsChanged) {
            return "WEIGHTS_CHANGED";
        } else if (event instanceof ConfigEvent.OverridesChanged) {
            return "OVERRIDES_CHANGED";
        } else if (event instanceof ConfigEvent.TargetingChanged) {
            return "TARGETING_CHANGED";
        } else if (event instanceof ConfigEvent.Paused) {
            return "EXPERIMENT_PAUSED";
        } else if (event instanceof ConfigEvent.Resumed) {
            return "EXPERIMENT_RESUMED";
        } else if (event instanceof ConfigEvent.Stopped) {
            return "EXPERIMENT_STOPPED";
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    public static ObjectNode encode(ConfigEvent event) {
        ObjectNode n = F.objectNode();
        if (event instanceof ConfigEvent.LayerCreated e) {
            n.set("layer", layer(e.layer()));
        } else if (event instanceof ConfigEvent.HoldoutChanged e) {
            n.put("basisPoints", e.holdout().basisPoints());
            n.put("salt", e.holdout().salt());
            n.put("unit", e.holdout().unit().name());
        } else if (event instanceof ConfigEvent.CustomMetricDefined e) {
            n.set("metric", metric(e.metric()));
            if (!e.settings().equals(MetricSettings.DEFAULT)) {
                n.set("settings", settings(e.settings()));
            }
        } else if (event instanceof ConfigEvent.MetricSettingsChanged e) {
            n.put("metric", e.metric().value());
            n.set("settings", settings(e.settings()));
        } else if (event instanceof ConfigEvent.ExperimentCreated e) {
            n.set("definition", definition(e.definition()));
            n.put("at", e.at().toString());
        } else if (event instanceof ConfigEvent.DraftUpdated e) {
            n.set("definition", definition(e.definition()));
        } else if (event instanceof ConfigEvent.ExperimentStarted e) {
            n.put("id", e.id().value());
            n.put("at", e.at().toString());
            n.put("trafficBasisPoints", e.trafficBasisPoints());
            n.set("claimed", ranges(e.claimed()));
            n.set("slots", slots(e.slots()));
        } else if (event instanceof ConfigEvent.Ramped e) {
            n.put("id", e.id().value());
            n.put("at", e.at().toString());
            n.put("fromBasisPoints", e.fromBasisPoints());
            n.put("trafficBasisPoints", e.toBasisPoints());
            n.set("claimed", ranges(e.claimed()));
            n.set("released", ranges(e.released()));
        } else if (event instanceof ConfigEvent.WeightsChanged e) {
            n.put("id", e.id().value());
            n.put("at", e.at().toString());
            ArrayNode weights = n.putArray("weights");
            e.weights().forEach((name, w) -> weights.addObject().put("treatment", name).put("weightBasisPoints", w));
            n.put("phase", e.phase());
            n.set("slots", slots(e.slots()));
            n.set("changedSlots", ranges(e.changedSlots()));
        } else if (event instanceof ConfigEvent.OverridesChanged e) {
            n.put("id", e.id().value());
            n.set("overrides", overrides(e.overrides()));
        } else if (event instanceof ConfigEvent.TargetingChanged e) {
            n.put("id", e.id().value());
            n.put("targeting", TargetingWriter.write(e.targeting()));
        } else if (event instanceof ConfigEvent.Paused e) {
            n.put("id", e.id().value());
            n.put("at", e.at().toString());
        } else if (event instanceof ConfigEvent.Resumed e) {
            n.put("id", e.id().value());
            n.put("at", e.at().toString());
        } else if (event instanceof ConfigEvent.Stopped e) {
            n.put("id", e.id().value());
            n.put("at", e.at().toString());
            n.set("released", ranges(e.released()));
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return n;
    }

    /**
     * The event of a stored payload.
     *
     * @param committedAt the envelope time of the stored event: the time of an old ramp that has none in its payload
     */
    public static ConfigEvent decode(String type, JsonNode n, Instant committedAt) {
        return switch (type) {
            case "LAYER_CREATED" -> new ConfigEvent.LayerCreated(layer(n.get("layer")));
            case "HOLDOUT_CHANGED" -> new ConfigEvent.HoldoutChanged(new Holdout(n.get("basisPoints").intValue(),
                    n.get("salt").stringValue(), unit(n.get("unit"))));
            case "METRIC_DEFINED" -> new ConfigEvent.CustomMetricDefined(metric(n.get("metric")),
                    n.hasNonNull("settings") ? settings(n.get("settings")) : MetricSettings.DEFAULT);
            case "METRIC_SETTINGS_CHANGED" -> new ConfigEvent.MetricSettingsChanged(
                    new MetricName(n.get("metric").stringValue()), settings(n.get("settings")));
            case "EXPERIMENT_CREATED" -> new ConfigEvent.ExperimentCreated(definition(n.get("definition")), at(n));
            case "EXPERIMENT_UPDATED" -> new ConfigEvent.DraftUpdated(definition(n.get("definition")));
            case "EXPERIMENT_STARTED" -> new ConfigEvent.ExperimentStarted(id(n), at(n),
                    n.get("trafficBasisPoints").intValue(), ranges(n.get("claimed")), slots(n.get("slots")));
            case "EXPERIMENT_RAMPED" -> new ConfigEvent.Ramped(id(n),
                    n.hasNonNull("at") ? at(n) : committedAt, n.get("fromBasisPoints").intValue(),
                    n.get("trafficBasisPoints").intValue(), ranges(n.get("claimed")), ranges(n.get("released")));
            case "WEIGHTS_CHANGED" -> {
                Map<String, Integer> weights = new LinkedHashMap<>();
                for (JsonNode w : n.get("weights")) {
                    weights.put(w.get("treatment").stringValue(), w.get("weightBasisPoints").intValue());
                }
                yield new ConfigEvent.WeightsChanged(id(n), at(n), weights, n.get("phase").intValue(),
                        slots(n.get("slots")), ranges(n.get("changedSlots")));
            }
            case "OVERRIDES_CHANGED" -> new ConfigEvent.OverridesChanged(id(n), overrides(n.get("overrides")));
            case "TARGETING_CHANGED" -> new ConfigEvent.TargetingChanged(id(n),
                    TargetingParser.parse(n.get("targeting").stringValue()));
            case "EXPERIMENT_PAUSED" -> new ConfigEvent.Paused(id(n), at(n));
            case "EXPERIMENT_RESUMED" -> new ConfigEvent.Resumed(id(n), at(n));
            case "EXPERIMENT_STOPPED" -> new ConfigEvent.Stopped(id(n), at(n), ranges(n.get("released")));
            default -> throw new IllegalArgumentException("unknown event type " + type);
        };
    }

    // ------------------------------------------------------------------ parts

    private static ObjectNode layer(Layer l) {
        return F.objectNode().put("id", l.id().value()).put("name", l.name()).put("description", l.description())
                .put("unit", l.unit().name());
    }

    private static Layer layer(JsonNode n) {
        return new Layer(new LayerId(n.get("id").stringValue()), n.get("name").stringValue(),
                n.get("description").stringValue(), unit(n.get("unit")));
    }

    /** A stored unit; absent in events written before layers and the holdout had one: SESSION. */
    private static AssignmentUnit unit(JsonNode n) {
        return n == null || n.isNull() ? AssignmentUnit.SESSION : AssignmentUnit.valueOf(n.stringValue());
    }

    private static ObjectNode metric(CustomMetric m) {
        return F.objectNode().put("name", m.name().value()).put("eventName", m.eventName())
                .put("aggregation", m.aggregation().name()).put("description", m.description());
    }

    private static CustomMetric metric(JsonNode n) {
        return new CustomMetric(new MetricName(n.get("name").stringValue()), n.get("eventName").stringValue(),
                Aggregation.valueOf(n.get("aggregation").stringValue()), n.get("description").stringValue());
    }

    /**
     * {@code tau2} is absent when not set (the default), and text ({@link Double#toString}) when set: a JSON number
     * would come back from jsonb in another notation and change the canonical text the hash chain covers.
     */
    private static ObjectNode settings(MetricSettings s) {
        ObjectNode n = F.objectNode();
        s.tau2().ifPresent(t -> n.put("tau2", Double.toString(t)));
        n.put("harmDirection", s.harmDirection().name());
        return n;
    }

    private static MetricSettings settings(JsonNode n) {
        return new MetricSettings(n.hasNonNull("tau2") ? OptionalDouble.of(Double.parseDouble(n.get("tau2").stringValue()))
                : OptionalDouble.empty(), HarmDirection.valueOf(n.get("harmDirection").stringValue()));
    }

    private static ObjectNode definition(ExperimentDefinition d) {
        ObjectNode n = F.objectNode();
        n.put("id", d.id().value());
        n.put("name", d.name());
        n.put("hypothesis", d.hypothesis());
        n.put("owner", d.owner());
        n.put("layer", d.layer().value());
        n.put("unit", d.unit().name());
        n.put("salt", d.salt().value());
        ArrayNode treatments = n.putArray("treatments");
        for (Treatment t : d.treatments().list()) {
            treatments.addObject().put("name", t.name()).put("description", t.description())
                    .put("control", t.control()).put("weightBasisPoints", t.weightBasisPoints())
                    .put("variables", t.variables().json());
        }
        n.put("targeting", TargetingWriter.write(d.targeting()));
        if (d.primaryMetric().isPresent()) {
            n.put("primaryMetric", d.primaryMetric().get().value());
        } else {
            n.putNull("primaryMetric");
        }
        ArrayNode guardrails = n.putArray("guardrailMetrics");
        d.guardrailMetrics().forEach(m -> guardrails.add(m.value()));
        n.set("overrides", overrides(d.overrides()));
        n.put("autoPause", d.autoPause());
        return n;
    }

    private static ExperimentDefinition definition(JsonNode n) {
        List<Treatment> treatments = new ArrayList<>();
        for (JsonNode t : n.get("treatments")) {
            treatments.add(new Treatment(t.get("name").stringValue(), t.get("description").stringValue(),
                    t.get("control").booleanValue(), t.get("weightBasisPoints").intValue(),
                    new Variables(t.get("variables").stringValue())));
        }
        List<MetricName> guardrails = new ArrayList<>();
        n.get("guardrailMetrics").forEach(m -> guardrails.add(new MetricName(m.stringValue())));
        JsonNode primary = n.get("primaryMetric");
        return new ExperimentDefinition(new ExperimentId(n.get("id").stringValue()), n.get("name").stringValue(),
                n.get("hypothesis").stringValue(), n.get("owner").stringValue(),
                new LayerId(n.get("layer").stringValue()), AssignmentUnit.valueOf(n.get("unit").stringValue()),
                new Salt(n.get("salt").stringValue()), new Treatments(treatments),
                TargetingParser.parse(n.get("targeting").stringValue()),
                primary == null || primary.isNull() ? Optional.empty() : Optional.of(new MetricName(primary.stringValue())),
                guardrails, overrides(n.get("overrides")),
                // events stored before the setting existed have none: not opted in
                n.has("autoPause") && n.get("autoPause").booleanValue());
    }

    private static ObjectNode overrides(Overrides o) {
        ObjectNode n = F.objectNode();
        o.byUnit().forEach(n::put);
        return n;
    }

    private static Overrides overrides(JsonNode n) {
        Map<String, String> byUnit = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            byUnit.put(e.getKey(), e.getValue().stringValue());
        }
        return new Overrides(byUnit);
    }

    private static ArrayNode ranges(List<Range> ranges) {
        ArrayNode a = F.arrayNode();
        ranges.forEach(r -> a.addObject().put("start", r.start()).put("end", r.end()));
        return a;
    }

    private static List<Range> ranges(JsonNode a) {
        List<Range> out = new ArrayList<>();
        a.forEach(r -> out.add(new Range(r.get("start").intValue(), r.get("end").intValue())));
        return out;
    }

    private static ObjectNode slots(SlotMap slots) {
        ObjectNode n = F.objectNode();
        n.put("treatments", slots.treatments());
        ArrayNode a = n.putArray("ranges");
        slots.ranges().forEach(r -> a.addObject().put("start", r.start()).put("end", r.end())
                .put("treatment", r.treatment()));
        return n;
    }

    private static SlotMap slots(JsonNode n) {
        List<SlotRange> ranges = new ArrayList<>();
        n.get("ranges").forEach(r -> ranges.add(new SlotRange(r.get("start").intValue(), r.get("end").intValue(),
                r.get("treatment").intValue())));
        return SlotMap.fromRanges(ranges, n.get("treatments").intValue());
    }

    private static ExperimentId id(JsonNode n) {
        return new ExperimentId(n.get("id").stringValue());
    }

    private static Instant at(JsonNode n) {
        return Instant.parse(n.get("at").stringValue());
    }
}
