package dev.ep.simulator.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a source's totals with the ledger's, exactly: every figure of every treatment either side knows. A
 * treatment one side lacks counts as all zeros there (a source has no row for an arm without units), and the
 * difference says so. Plain Java.
 */
public final class TotalsComparison {

    private TotalsComparison() {
    }

    /** The differences, by experiment, treatment and figure; empty when every figure is equal. */
    public static List<Difference> compare(List<LedgerTotals> ledger, Source source,
                                           List<? extends TreatmentTotals> reported) {
        Map<Key, TreatmentTotals> expected = index(ledger, "ledger");
        Map<Key, TreatmentTotals> actual = index(reported, source.label());
        TreeSet<Key> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        List<Difference> differences = new ArrayList<>();
        for (Key key : keys) {
            TreatmentTotals fromLedger = expected.get(key);
            TreatmentTotals fromSource = actual.get(key);
            String note = fromLedger == null ? "no row in the ledger"
                    : fromSource == null ? "no row in " + source.label() : null;
            for (Figure figure : Figure.values()) {
                long l = figure.of(fromLedger);
                long r = figure.of(fromSource);
                if (l != r) {
                    differences.add(new Difference(key.experimentId(), key.treatment(), source, figure, l, r, note));
                }
            }
        }
        return differences;
    }

    private static Map<Key, TreatmentTotals> index(List<? extends TreatmentTotals> totals, String side) {
        Map<Key, TreatmentTotals> index = new TreeMap<>();
        for (TreatmentTotals t : totals) {
            if (index.put(new Key(t.experimentId(), t.treatment()), t) != null) {
                throw new IllegalArgumentException(side + " has two rows for " + t.experimentId() + "/"
                        + t.treatment());
            }
        }
        return index;
    }

    private record Key(String experimentId, String treatment) implements Comparable<Key> {

        @Override
        public int compareTo(Key other) {
            int byExperiment = experimentId.compareTo(other.experimentId);
            return byExperiment != 0 ? byExperiment : treatment.compareTo(other.treatment);
        }
    }
}
