package dev.ep.reporting.reconcile;

import java.util.Comparator;
import java.util.Objects;

/**
 * One aggregate of an experiment: a metric's moments of one arm, or the arm's unit count for the SRM check on
 * coverage or on assignment ({@code metric} null).
 */
public record AggregateKey(Kind kind, int phase, String treatment, String metric) implements Comparable<AggregateKey> {

    /** What the aggregate counts. */
    public enum Kind { COVERAGE_UNITS, ASSIGNMENT_UNITS, METRIC }

    private static final Comparator<AggregateKey> ORDER = Comparator.comparing(AggregateKey::kind)
            .thenComparingInt(AggregateKey::phase).thenComparing(AggregateKey::treatment)
            .thenComparing(AggregateKey::metric, Comparator.nullsFirst(Comparator.naturalOrder()));

    public AggregateKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(treatment, "treatment");
        if ((kind == Kind.METRIC) != (metric != null)) {
            throw new IllegalArgumentException("a metric aggregate names its metric, a unit count none");
        }
    }

    @Override
    public int compareTo(AggregateKey other) {
        return ORDER.compare(this, other);
    }
}
