package dev.ep.reporting.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Puts the stream's aggregates and the ones recomputed from event-ingest's tables side by side. An aggregate one side
 * lacks is zero there (an arm without units has no row in SQL; a metric with all-zero sums no entry in the stream),
 * so only a real difference of a count or a sum is a mismatch.
 */
public final class Reconciler {

    private Reconciler() {
    }

    /** Verdict of one aggregate. */
    public enum Verdict { MATCH, MISMATCH }

    /** One aggregate, both sides. */
    public record Line(AggregateKey key, Figures stream, Figures ingest, Verdict verdict) {
    }

    public static List<Line> compare(Map<AggregateKey, Figures> stream, Map<AggregateKey, Figures> ingest) {
        TreeSet<AggregateKey> keys = new TreeSet<>(stream.keySet());
        keys.addAll(ingest.keySet());
        List<Line> lines = new ArrayList<>();
        for (AggregateKey key : keys) {
            Figures s = stream.getOrDefault(key, Figures.NONE);
            Figures i = ingest.getOrDefault(key, Figures.NONE);
            lines.add(new Line(key, s, i, s.equals(i) ? Verdict.MATCH : Verdict.MISMATCH));
        }
        return List.copyOf(lines);
    }
}
