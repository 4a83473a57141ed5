package dev.ep.reporting.attribution;

import java.util.List;

/**
 * A metric of the catalogue, computed per unit from its attributed tracking events. The covariate of MEAN and
 * PROPORTION metrics (CUPED, Deng et al. 2013) is the same metric over the unit's events in the pre-exposure period.
 */
public sealed interface Metric permits BuiltInMetric, CustomMetric {

    String metricName();

    Shape shape();

    /** The metric over these events alone (y; and x for a RATIO metric). */
    UnitValue measure(List<Activity> events);

    /** The unit's value: y from the attributed events, x from the pre-exposure events (or the ratio denominator). */
    default UnitValue value(List<Activity> attributed, List<Activity> preExposure) {
        UnitValue value = measure(attributed);
        if (shape() == Shape.RATIO) {
            return value;
        }
        return new UnitValue(value.y(), measure(preExposure).y());
    }
}
