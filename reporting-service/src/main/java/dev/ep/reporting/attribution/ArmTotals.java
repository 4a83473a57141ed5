package dev.ep.reporting.attribution;

import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregates of one arm: exposed units (coverage, for the metrics and the sample-ratio check on coverage),
 * assigned units (first decision, for the sample-ratio check on assignment), per metric sums, how current they are
 * and which configuration versions the counted exposures came from.
 *
 * @param currentTo the latest server time of an input that changed the arm (freshness)
 */
public record ArmTotals(ArmKey arm, long exposed, long assigned, Map<String, MetricSums> metrics, long currentTo,
                        long minConfigVersion, long maxConfigVersion) {

    public ArmTotals {
        metrics = Map.copyOf(metrics);
    }

    public static ArmTotals empty(ArmKey arm) {
        return new ArmTotals(arm, 0, 0, Map.of(), Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    /** The adder and the subtractor in one: takes the delta's old contribution away and adds its new one. */
    public ArmTotals apply(ArmDelta delta) {
        return apply(ArmChange.of(delta));
    }

    /** These totals changed by the sum of some deltas of this arm ({@link ArmChange}). */
    public ArmTotals apply(ArmChange change) {
        Map<String, MetricSums> next = new TreeMap<>(metrics);
        change.metrics().forEach((m, s) -> next.put(m, next.getOrDefault(m, MetricSums.ZERO).plus(s)));
        next.values().removeIf(s -> s.equals(MetricSums.ZERO));
        return new ArmTotals(arm, exposed + change.exposed(), assigned + change.assigned(), next,
                Math.max(currentTo, change.time()), Math.min(minConfigVersion, change.minConfigVersion()),
                Math.max(maxConfigVersion, change.maxConfigVersion()));
    }
}
