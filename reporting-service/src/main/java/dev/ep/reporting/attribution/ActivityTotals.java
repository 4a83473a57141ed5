package dev.ep.reporting.attribution;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inputs of every metric's covariate over some period: orders (count, value), add-to-carts, page views, and the
 * custom events by name (count, value). Every metric of the catalogue is a function of these totals
 * ({@link Metric#covariate}).
 *
 * @param custom custom event name -> count and value sum (events without a name are in no custom metric)
 */
public record ActivityTotals(long orders, long revenue, long addToCarts, long pageViews,
                             Map<String, NameTotals> custom) {

    public static final ActivityTotals ZERO = new ActivityTotals(0, 0, 0, 0, Map.of());

    /** Count and value sum of the custom events of one name. */
    public record NameTotals(long count, long value) {

        NameTotals plus(NameTotals other) {
            return new NameTotals(count + other.count, value + other.value);
        }
    }

    public ActivityTotals {
        custom = custom == null ? Map.of() : Map.copyOf(custom);
    }

    /** The totals of these events (already deduplicated). */
    public static ActivityTotals of(List<Activity> events) {
        ActivityTotals totals = ZERO;
        for (Activity event : events) {
            totals = totals.with(event);
        }
        return totals;
    }

    /** These totals with one more event. */
    public ActivityTotals with(Activity event) {
        return switch (event.type()) {
            case ORDER -> new ActivityTotals(orders + 1, revenue + event.value(), addToCarts, pageViews, custom);
            case ADD_TO_CART -> new ActivityTotals(orders, revenue, addToCarts + 1, pageViews, custom);
            case PAGE_VIEW -> new ActivityTotals(orders, revenue, addToCarts, pageViews + 1, custom);
            case CUSTOM -> event.name() == null ? this : new ActivityTotals(orders, revenue, addToCarts, pageViews,
                    merged(custom, Map.of(event.name(), new NameTotals(1, event.value()))));
            case CHECKOUT_STARTED, OTHER -> this;
        };
    }

    /** The sum of both. */
    public ActivityTotals plus(ActivityTotals other) {
        return new ActivityTotals(orders + other.orders, revenue + other.revenue, addToCarts + other.addToCarts,
                pageViews + other.pageViews, merged(custom, other.custom));
    }

    /** The same totals without any custom event (a day with more custom names than the history keeps). */
    ActivityTotals withoutCustom() {
        return new ActivityTotals(orders, revenue, addToCarts, pageViews, Map.of());
    }

    NameTotals custom(String name) {
        return custom.getOrDefault(name, new NameTotals(0, 0));
    }

    private static Map<String, NameTotals> merged(Map<String, NameTotals> a, Map<String, NameTotals> b) {
        if (b.isEmpty()) {
            return a;
        }
        Map<String, NameTotals> out = new TreeMap<>(a);
        b.forEach((name, t) -> out.merge(name, t, NameTotals::plus));
        return out;
    }
}
