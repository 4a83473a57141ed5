package dev.ep.assignment.bench;

import dev.ep.assignment.core.BucketRange;
import dev.ep.assignment.core.CompiledConfig;
import dev.ep.assignment.core.ConfigChange;
import dev.ep.assignment.core.ConfigLog;
import dev.ep.assignment.core.ExperimentDefinition;
import dev.ep.assignment.core.HoldoutDefinition;
import dev.ep.assignment.core.LayerDefinition;
import dev.ep.assignment.core.SlotRange;
import dev.ep.assignment.core.Status;
import dev.ep.assignment.core.TreatmentDefinition;
import dev.ep.assignment.core.UnitType;
import dev.ep.targeting.Targeting;
import dev.ep.targeting.TargetingParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark configurations: {@code experiments} running experiments spread evenly over {@code layers} layers
 * (the experiments of a layer split its 10,000 buckets evenly, so every bucket is owned), three treatments each,
 * every experiment with a page list and a three-clause targeting rule, plus a 1% holdout. Issue 13's cost curve uses
 * 10, 100 and 1,000 experiments in 10, 10 and 100 layers ({@link #CURVE}); the default is 100 in 10. The same shape
 * is published to Kafka for the HTTP benchmarks and compiled directly for JMH.
 */
final class BenchmarkConfig {

    static final int BUCKETS = 10_000;

    /** How many experiments in how many layers. */
    record Shape(int experiments, int layers) {
        Shape {
            if (layers < 1 || experiments < layers || experiments % layers != 0
                    || BUCKETS % (experiments / layers) != 0) {
                throw new IllegalArgumentException("experiments must be a multiple of layers, and each layer's share a"
                        + " divisor of " + BUCKETS + ": " + experiments + " in " + layers);
            }
        }

        int perLayer() {
            return experiments / layers;
        }

        /** Issue 13's layering: 10 layers up to 100 experiments, 100 layers above. */
        static Shape of(int experiments) {
            return new Shape(experiments, experiments <= 100 ? 10 : 100);
        }

        String layerId(int layer) {
            return "bench-layer-" + layer;
        }

        @Override
        public String toString() {
            return experiments + " experiments in " + layers + " layers";
        }
    }

    static final Shape DEFAULT = new Shape(100, 10);
    static final List<Shape> CURVE = List.of(Shape.of(10), Shape.of(100), Shape.of(1_000));

    private BenchmarkConfig() {
    }

    /** One experiment of the benchmark: id, layer, bucket range, pages and rule JSON. */
    record Spec(String id, String layer, int bucketStart, int bucketEnd, List<String> pages, String rule) {
    }

    static List<Spec> experiments() {
        return experiments(DEFAULT);
    }

    static List<Spec> experiments(Shape shape) {
        return experiments(shape, Rules.SHARED);
    }

    /**
     * How the experiments' rules relate. {@code SHARED}: ten distinct rules (the experiment's position in its layer
     * picks the countries and the cart threshold), each used by a tenth of the experiments, as in every earlier
     * figure. {@code OWN}: every experiment's rule is its own (a fourth clause, {@code not device == tv-<id>}, true for
     * every context the benchmarks send, so the same experiments are eligible): nothing to share, the honest worst
     * case for a snapshot that evaluates each distinct rule once per request.
     */
    enum Rules { SHARED, OWN }

    static List<Spec> experiments(Shape shape, Rules rules) {
        List<Spec> specs = new ArrayList<>();
        String[] countries = {"DE", "AT", "CH", "FR", "NL"};
        int share = BUCKETS / shape.perLayer();
        for (int l = 0; l < shape.layers(); l++) {
            for (int e = 0; e < shape.perLayer(); e++) {
                String rule = "{\"all\":[{\"in\":{\"attribute\":\"country\",\"values\":[\"" + countries[e % 5]
                        + "\",\"" + countries[(e + 1) % 5] + "\",\"" + countries[(e + 2) % 5] + "\"]}},"
                        + "{\"gte\":{\"attribute\":\"cart_value\",\"value\":" + (e % 10 * 5) + "}},"
                        + "{\"not\":{\"eq\":{\"attribute\":\"device\",\"value\":\"tv\"}}}"
                        + (rules == Rules.OWN ? ",{\"not\":{\"eq\":{\"attribute\":\"device\",\"value\":\"tv-l" + l
                                + "-e" + e + "\"}}}" : "") + "]}";
                specs.add(new Spec("bench-l" + l + "-e" + e, shape.layerId(l), e * share, (e + 1) * share,
                        List.of("home", "cart", "product"), rule));
            }
        }
        return specs;
    }

    /** The configuration of {@code shape} compiled as the service compiles it (holdout, layers, experiments). */
    static CompiledConfig compiled(Shape shape) {
        return compiled(shape, Rules.SHARED);
    }

    static CompiledConfig compiled(Shape shape, Rules rules) {
        return log(shape, rules).compile();
    }

    /** The configuration of {@code shape} applied to a log, as the service's feed holds it before compiling. */
    static ConfigLog log(Shape shape) {
        return log(shape, Rules.SHARED);
    }

    static ConfigLog log(Shape shape, Rules rules) {
        ConfigLog log = new ConfigLog();
        long sequence = 1;
        log.apply(new ConfigChange.HoldoutPut("holdout", sequence++, new HoldoutDefinition(100, "holdout",
                UnitType.SESSION)));
        for (int l = 0; l < shape.layers(); l++) {
            log.apply(new ConfigChange.LayerPut("layer:" + shape.layerId(l), sequence++,
                    new LayerDefinition(shape.layerId(l), BUCKETS, UnitType.SESSION)));
        }
        for (ExperimentDefinition def : definitions(shape, rules)) {
            log.apply(new ConfigChange.ExperimentPut("experiment:" + def.id(), sequence++, def));
        }
        return log;
    }

    /** The experiments of {@code shape} as core definitions. */
    static List<ExperimentDefinition> definitions(Shape shape) {
        return definitions(shape, Rules.SHARED);
    }

    static List<ExperimentDefinition> definitions(Shape shape, Rules rules) {
        List<ExperimentDefinition> defs = new ArrayList<>();
        for (Spec spec : experiments(shape, rules)) {
            Targeting targeting = new Targeting(spec.pages(), TargetingParser.parseRule(spec.rule()));
            defs.add(new ExperimentDefinition(spec.id(), spec.layer(), 3, 1, UnitType.SESSION,
                    spec.id(), Status.RUNNING, List.of(new BucketRange(spec.bucketStart(), spec.bucketEnd())), BUCKETS,
                    List.of(new TreatmentDefinition("control", true, 3_334, "{\"v\":0}"),
                            new TreatmentDefinition("b", false, 3_333, "{\"v\":1}"),
                            new TreatmentDefinition("c", false, 3_333, "{\"v\":2}")),
                    List.of(new SlotRange(0, 3_334, "control"), new SlotRange(3_334, 6_667, "b"),
                            new SlotRange(6_667, 10_000, "c")),
                    targeting, Map.of()));
        }
        return defs;
    }

    /** The request context the benchmarks send (eligible for most experiments). */
    static Map<String, String> attributes() {
        return Map.of("country", "DE", "cart_value", "42.5", "device", "mobile", "tier", "gold");
    }
}
