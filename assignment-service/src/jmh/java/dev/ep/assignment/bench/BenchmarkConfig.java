package dev.ep.assignment.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark configuration: 100 running experiments in 10 layers (each experiment owns 10% of its layer), three
 * treatments each, every experiment with a page list and a three-clause targeting rule, plus a 1% holdout. The same
 * shape is published to Kafka for the HTTP benchmark and compiled directly for JMH.
 */
final class BenchmarkConfig {

    static final int LAYERS = 10;
    static final int PER_LAYER = 10;

    private BenchmarkConfig() {
    }

    /** One experiment of the benchmark: id, layer, bucket range, pages and rule JSON. */
    record Spec(String id, String layer, int bucketStart, int bucketEnd, List<String> pages, String rule) {
    }

    static List<Spec> experiments() {
        List<Spec> specs = new ArrayList<>();
        String[] countries = {"DE", "AT", "CH", "FR", "NL"};
        for (int l = 0; l < LAYERS; l++) {
            for (int e = 0; e < PER_LAYER; e++) {
                String rule = "{\"all\":[{\"in\":{\"attribute\":\"country\",\"values\":[\"" + countries[e % 5]
                        + "\",\"" + countries[(e + 1) % 5] + "\",\"" + countries[(e + 2) % 5] + "\"]}},"
                        + "{\"gte\":{\"attribute\":\"cart_value\",\"value\":" + (e * 5) + "}},"
                        + "{\"not\":{\"eq\":{\"attribute\":\"device\",\"value\":\"tv\"}}}]}";
                specs.add(new Spec("bench-l" + l + "-e" + e, "bench-layer-" + l, e * 1_000, (e + 1) * 1_000,
                        List.of("home", "cart", "product"), rule));
            }
        }
        return specs;
    }

    /** The request context the benchmarks send (eligible for most experiments). */
    static Map<String, String> attributes() {
        return Map.of("country", "DE", "cart_value", "42.5", "device", "mobile", "tier", "gold");
    }
}
