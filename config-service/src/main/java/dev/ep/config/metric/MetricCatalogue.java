package dev.ep.config.metric;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The built-in metrics plus the custom ones defined so far. */
public final class MetricCatalogue {

    /** Metrics every platform computes from its standard tracking events. */
    public static final Set<MetricName> BUILT_IN = Collections.unmodifiableSet(new TreeSet<>(List.of(
            new MetricName("conversion"),
            new MetricName("revenue_per_session"),
            new MetricName("average_order_value"),
            new MetricName("add_to_cart_rate"),
            new MetricName("page_views_per_session"))));

    private MetricCatalogue() {
    }

    public static boolean isBuiltIn(MetricName name) {
        return BUILT_IN.contains(name);
    }

    public static boolean exists(MetricName name, Map<MetricName, CustomMetric> custom) {
        return isBuiltIn(name) || custom.containsKey(name);
    }

    /** Every metric name, built-in first, then custom ones sorted. */
    public static List<MetricName> all(Map<MetricName, CustomMetric> custom) {
        List<MetricName> names = new ArrayList<>(BUILT_IN);
        names.addAll(new TreeSet<>(custom.keySet()));
        return names;
    }
}
