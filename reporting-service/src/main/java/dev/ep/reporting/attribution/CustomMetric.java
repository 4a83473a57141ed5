package dev.ep.reporting.attribution;

import java.util.List;
import java.util.Objects;

/** A custom metric of the catalogue: OCCURRED (0/1), COUNT or SUM (of value) of one CUSTOM event name. */
public record CustomMetric(String metricName, String eventName, Aggregation aggregation) implements Metric {

    /** How the unit's matching events become its value. */
    public enum Aggregation { OCCURRED, COUNT, SUM }

    public CustomMetric {
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(aggregation, "aggregation");
    }

    @Override
    public Shape shape() {
        return aggregation == Aggregation.OCCURRED ? Shape.PROPORTION : Shape.MEAN;
    }

    @Override
    public UnitValue measure(List<Activity> events) {
        List<Activity> matching = events.stream()
                .filter(e -> e.type() == ActivityType.CUSTOM && eventName.equals(e.name()))
                .toList();
        long y = switch (aggregation) {
            case OCCURRED -> matching.isEmpty() ? 0 : 1;
            case COUNT -> matching.size();
            case SUM -> matching.stream().mapToLong(Activity::value).sum();
        };
        return new UnitValue(y, 0);
    }

    @Override
    public long covariate(ActivityTotals totals) {
        ActivityTotals.NameTotals t = totals.custom(eventName);
        return switch (aggregation) {
            case OCCURRED -> t.count() > 0 ? 1 : 0;
            case COUNT -> t.count();
            case SUM -> t.value();
        };
    }
}
