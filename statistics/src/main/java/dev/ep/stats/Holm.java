package dev.ep.stats;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down adjustment (Holm 1979, "A Simple Sequentially Rejective Multiple Test Procedure", Scand. J.
 * Statist. 6): with the m p-values sorted ascending, {@code p̃_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j))}. The same
 * figures as {@code statsmodels.stats.multitest.multipletests(p, method='holm')[1]}.
 */
public final class Holm {

    private Holm() {
    }

    /** Adjusted p-values, in the order of the input. */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-value out of [0, 1]: " + pValues[i]);
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
