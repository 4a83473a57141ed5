package dev.ep.reporting.attribution;

import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of any number of {@link ArmDelta}s of one arm: what the arm's totals change by. Adding deltas up before
 * they travel to the arm (a combiner) is exact, because every part of {@link ArmTotals#apply} is a sum (exposed and
 * assigned units, the metrics' signed sums), a maximum (the time) or a minimum and maximum over the counted deltas
 * (the configuration versions).
 *
 * @param metrics          per metric the signed sums (n may be negative: units taken back)
 * @param time             the latest server time among the deltas
 * @param minConfigVersion the least configuration version of a delta that counts a unit, {@code Long.MAX_VALUE} if none
 * @param maxConfigVersion the greatest, {@code Long.MIN_VALUE} if none
 */
public record ArmChange(ArmKey arm, long exposed, long assigned, Map<String, MetricSums> metrics, long time,
                        long minConfigVersion, long maxConfigVersion) {

    public ArmChange {
        metrics = Map.copyOf(metrics);
    }

    /** No change yet. */
    public static ArmChange none(ArmKey arm) {
        return new ArmChange(arm, 0, 0, Map.of(), Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE);
    }

    /** The change of one delta. */
    public static ArmChange of(ArmDelta delta) {
        return none(delta.arm()).plus(delta);
    }

    /** This change followed by {@code delta} (of the same arm). */
    public ArmChange plus(ArmDelta delta) {
        if (!delta.arm().equals(arm)) {
            throw new IllegalArgumentException("delta of arm " + delta.arm() + " added to a change of " + arm);
        }
        if (delta.minus() == null && delta.plus() == null) { // a decision's assignment: the sums stay as they are
            return new ArmChange(arm, exposed, assigned + delta.assigned(), metrics, Math.max(time, delta.time()),
                    minConfigVersion, maxConfigVersion);
        }
        Map<String, MetricSums> next = new TreeMap<>(metrics);
        if (delta.minus() != null) {
            delta.minus().forEach((m, v) -> next.put(m, next.getOrDefault(m, MetricSums.ZERO).minus(v)));
        }
        if (delta.plus() != null) {
            delta.plus().forEach((m, v) -> next.put(m, next.getOrDefault(m, MetricSums.ZERO).plus(v)));
        }
        next.values().removeIf(s -> s.equals(MetricSums.ZERO));
        boolean counted = delta.plus() != null;
        return new ArmChange(arm, exposed + delta.exposed(), assigned + delta.assigned(), next,
                Math.max(time, delta.time()),
                counted ? Math.min(minConfigVersion, delta.configVersion()) : minConfigVersion,
                counted ? Math.max(maxConfigVersion, delta.configVersion()) : maxConfigVersion);
    }
}
