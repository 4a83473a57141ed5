package dev.ep.reporting.attribution;

import java.util.List;

/** The metrics every platform computes from its standard tracking events (config-service's MetricCatalogue). */
public enum BuiltInMetric implements Metric {
    /** Share of units with at least one order. */
    CONVERSION("conversion", Shape.PROPORTION),
    /** Revenue (minor units, orders deduplicated on order id) per unit. */
    REVENUE_PER_SESSION("revenue_per_session", Shape.MEAN),
    /** Revenue per order: Σ revenue / Σ orders over units (delta method). */
    AVERAGE_ORDER_VALUE("average_order_value", Shape.RATIO),
    /** Share of units with at least one add-to-cart. */
    ADD_TO_CART_RATE("add_to_cart_rate", Shape.PROPORTION),
    /** Page views per unit. */
    PAGE_VIEWS_PER_SESSION("page_views_per_session", Shape.MEAN);

    private final String metricName;
    private final Shape shape;

    BuiltInMetric(String metricName, Shape shape) {
        this.metricName = metricName;
        this.shape = shape;
    }

    @Override
    public String metricName() {
        return metricName;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public UnitValue measure(List<Activity> events) {
        return switch (this) {
            case CONVERSION -> new UnitValue(count(events, ActivityType.ORDER) > 0 ? 1 : 0, 0);
            case REVENUE_PER_SESSION -> new UnitValue(sum(events, ActivityType.ORDER), 0);
            case AVERAGE_ORDER_VALUE -> new UnitValue(sum(events, ActivityType.ORDER), count(events, ActivityType.ORDER));
            case ADD_TO_CART_RATE -> new UnitValue(count(events, ActivityType.ADD_TO_CART) > 0 ? 1 : 0, 0);
            case PAGE_VIEWS_PER_SESSION -> new UnitValue(count(events, ActivityType.PAGE_VIEW), 0);
        };
    }

    @Override
    public long covariate(ActivityTotals t) {
        return switch (this) {
            case CONVERSION -> t.orders() > 0 ? 1 : 0;
            case REVENUE_PER_SESSION, AVERAGE_ORDER_VALUE -> t.revenue();
            case ADD_TO_CART_RATE -> t.addToCarts() > 0 ? 1 : 0;
            case PAGE_VIEWS_PER_SESSION -> t.pageViews();
        };
    }

    private static long count(List<Activity> events, ActivityType type) {
        long count = 0;
        for (Activity e : events) {
            if (e.type() == type) {
                count++;
            }
        }
        return count;
    }

    private static long sum(List<Activity> events, ActivityType type) {
        long sum = 0;
        for (Activity e : events) {
            if (e.type() == type) {
                sum += e.value();
            }
        }
        return sum;
    }
}
