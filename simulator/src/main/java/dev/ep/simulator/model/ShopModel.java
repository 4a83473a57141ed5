package dev.ep.simulator.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated shop: session state machine, arrivals, visitors, order values and the experiments a run creates.
 * Validated as a whole on construction (every referenced state, layer and treatment exists, traffic of a layer
 * fits, the probability after a planted effect stays a probability); the default is
 * {@code src/main/resources/dev/ep/simulator/default-shop.yaml}.
 */
public record ShopModel(String name, Arrivals arrivals, Visitors visitors, String start,
        Map<String, StateSpec> states, OrderValue orderValue, HoldoutSpec holdout, List<LayerSpec> layers,
        List<ExperimentSpec> experiments, Integer maxPagesPerSession, List<ChangeSpec> changes) {

    /** The terminal state; not a page. */
    public static final String EXIT = "exit";
    /** Entering this state is an order (the confirmation page). */
    public static final String ORDER = "order";
    public static final String CART = "cart";
    public static final String CHECKOUT = "checkout";

    public ShopModel {
        Names.require("name", name);
        if (arrivals == null || visitors == null || orderValue == null) {
            throw new ModelException("arrivals, visitors and orderValue are required");
        }
        if (states == null || states.isEmpty()) {
            throw new ModelException("states: at least one state is required");
        }
        if (states.containsKey(EXIT)) {
            throw new ModelException("states: 'exit' is the reserved terminal state and has no entry of its own");
        }
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        for (Map.Entry<String, StateSpec> s : states.entrySet()) {
            Names.require("state", s.getKey());
            for (String target : s.getValue().next().keySet()) {
                if (!target.equals(EXIT) && !states.containsKey(target)) {
                    throw new ModelException("states." + s.getKey() + ".next: unknown state " + target);
                }
            }
        }
        if (start == null || !states.containsKey(start)) {
            throw new ModelException("start: must name a state, got " + start);
        }
        holdout = holdout == null ? HoldoutSpec.NONE : holdout;
        layers = List.copyOf(layers == null ? List.of() : layers);
        experiments = List.copyOf(experiments == null ? List.of() : experiments);
        maxPagesPerSession = maxPagesPerSession == null ? 200 : maxPagesPerSession;
        if (maxPagesPerSession < 1 || maxPagesPerSession > 10_000) {
            throw new ModelException("maxPagesPerSession: 1..10000, got " + maxPagesPerSession);
        }
        if (visitors.loginAt() != null && !states.containsKey(visitors.loginAt())) {
            throw new ModelException("visitors.loginAt: unknown state " + visitors.loginAt());
        }
        Map<String, LayerSpec> layerById = new HashMap<>();
        for (LayerSpec l : layers) {
            if (layerById.put(l.id(), l) != null) {
                throw new ModelException("layers: " + l.id() + " is listed twice");
            }
        }
        Map<String, Integer> trafficPerLayer = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (ExperimentSpec e : experiments) {
            if (ids.contains(e.id())) {
                throw new ModelException("experiments: " + e.id() + " is listed twice");
            }
            ids.add(e.id());
            if (!layerById.containsKey(e.layer())) {
                throw new ModelException("experiment " + e.id() + ": unknown layer " + e.layer());
            }
            int used = trafficPerLayer.merge(e.layer(), e.trafficBasisPoints(), Integer::sum);
            if (used > 10_000) {
                throw new ModelException("layer " + e.layer() + ": its experiments' traffic exceeds 100 percent");
            }
            for (String p : e.pages()) {
                if (!states.containsKey(p)) {
                    throw new ModelException("experiment " + e.id() + ": unknown page " + p);
                }
            }
            for (String p : e.renders()) {
                if (!states.containsKey(p)) {
                    throw new ModelException("experiment " + e.id() + ": unknown render page " + p);
                }
            }
            for (Effect effect : e.effects()) {
                StateSpec from = states.get(effect.from());
                if (from == null || !from.next().containsKey(effect.to())) {
                    throw new ModelException("experiment " + e.id() + ": effect " + effect.from() + "->" + effect.to()
                            + " is not a transition of the model");
                }
                if (from.next().get(effect.to()) * effect.multiplier() > 1) {
                    throw new ModelException("experiment " + e.id() + ": effect " + effect.from() + "->" + effect.to()
                            + " makes the probability exceed 1");
                }
            }
        }
        changes = List.copyOf(changes == null ? List.of() : changes);
        checkChanges(experiments, changes);
    }

    /**
     * Changes name known experiments and treatments, come in order of {@code at}, change something, and ramps keep
     * their layer within 100 percent (replayed in order from the start traffic).
     */
    private static void checkChanges(List<ExperimentSpec> experiments, List<ChangeSpec> changes) {
        Map<String, Integer> traffic = new HashMap<>();
        Map<String, Map<String, Integer>> weights = new HashMap<>();
        Map<String, Integer> perLayer = new HashMap<>();
        for (ExperimentSpec e : experiments) {
            traffic.put(e.id(), e.trafficBasisPoints());
            perLayer.merge(e.layer(), e.trafficBasisPoints(), Integer::sum);
            Map<String, Integer> w = new LinkedHashMap<>();
            e.treatments().forEach(t -> w.put(t.name(), t.weightBasisPoints()));
            weights.put(e.id(), w);
        }
        double previous = 0;
        for (ChangeSpec c : changes) {
            ExperimentSpec e = experiments.stream().filter(x -> x.id().equals(c.experiment())).findFirst()
                    .orElseThrow(() -> new ModelException("changes[]: unknown experiment " + c.experiment()));
            if (c.at() < previous) {
                throw new ModelException("changes[]: list them in order of at (" + c.describe() + " comes after "
                        + previous + ")");
            }
            previous = c.at();
            if (c.isRamp()) {
                int before = traffic.get(e.id());
                if (before == c.rampBasisPoints()) {
                    throw new ModelException("changes[]: " + c.describe() + " changes nothing");
                }
                int used = perLayer.merge(e.layer(), c.rampBasisPoints() - before, Integer::sum);
                if (used > 10_000) {
                    throw new ModelException("changes[]: " + c.describe() + " takes layer " + e.layer()
                            + " over 100 percent");
                }
                traffic.put(e.id(), c.rampBasisPoints());
            } else {
                Map<String, Integer> next = c.weightsBasisPoints();
                if (!next.keySet().equals(weights.get(e.id()).keySet())) {
                    throw new ModelException("changes[]: " + c.describe() + " must name exactly the treatments "
                            + weights.get(e.id()).keySet());
                }
                if (next.equals(weights.get(e.id()))) {
                    throw new ModelException("changes[]: " + c.describe() + " changes nothing");
                }
                weights.put(e.id(), next);
            }
        }
    }

    public LayerSpec layer(String id) {
        return layers.stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
    }

    public Unit unitOf(ExperimentSpec experiment) {
        return layer(experiment.layer()).unit();
    }

    public ExperimentSpec experiment(String id) {
        return experiments.stream().filter(e -> e.id().equals(id)).findFirst()
                .orElseThrow(() -> new ModelException("no experiment " + id));
    }
}
