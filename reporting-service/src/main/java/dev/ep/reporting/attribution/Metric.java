package dev.ep.reporting.attribution;

import java.util.List;

/**
 * A metric of the catalogue, computed per unit from its attributed tracking events. The covariate of MEAN and
 * PROPORTION metrics (CUPED, Deng et al. 2013) is the same metric over the unit's activity in the covariate's period
 * ({@link CovariateRule}), computed from that period's {@link ActivityTotals}.
 */
public sealed interface Metric permits BuiltInMetric, CustomMetric {

    String metricName();

    Shape shape();

    /** The metric over these events alone (y; and x for a RATIO metric). */
    UnitValue measure(List<Activity> events);

    /** The metric's y over a period's totals: the CUPED covariate. Equals {@code measure(events).y()} on their totals. */
    long covariate(ActivityTotals totals);

    /** The unit's value: y from the attributed events, x the covariate over {@code before} (or the ratio denominator). */
    default UnitValue value(List<Activity> attributed, ActivityTotals before) {
        UnitValue value = measure(attributed);
        if (shape() == Shape.RATIO) {
            return value;
        }
        return new UnitValue(value.y(), covariate(before));
    }
}
