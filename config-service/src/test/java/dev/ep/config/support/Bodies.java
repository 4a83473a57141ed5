package dev.ep.config.support;

/** JSON request bodies of the walk-through. */
public final class Bodies {

    private Bodies() {
    }

    public static String layer(String id) {
        return """
                {"id": "%s", "name": "Checkout page", "description": "Everything on the checkout page"}
                """.formatted(id);
    }

    public static String experiment(String id, String layer) {
        return """
                {"id": "%s", "name": "Checkout button colour", "hypothesis": "A green button converts better",
                 "owner": "team-checkout", "layer": "%s",
                 "treatments": [
                   {"name": "control", "control": true, "weight": 33.34, "variables": {"color": "grey"}},
                   {"name": "green", "weight": 33.33, "variables": {"color": "green"}},
                   {"name": "blue", "weight": 33.33, "variables": {"color": "blue"}}],
                 "targeting": {"pages": ["checkout"], "rule": {"eq": {"attribute": "country", "value": "DE"}}},
                 "primaryMetric": "conversion", "guardrailMetrics": ["average_order_value"]}
                """.formatted(id, layer);
    }
}
