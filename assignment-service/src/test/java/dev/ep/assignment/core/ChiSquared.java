package dev.ep.assignment.core;

/**
 * Pearson's χ² statistic and its upper critical value.
 *
 * <p>The critical value uses the Wilson–Hilferty approximation (E. B. Wilson, M. M. Hilferty, "The distribution of
 * chi-square", PNAS 17 (1931) 684–688): χ²(k, α) ≈ k·(1 − 2/(9k) + z_α·√(2/(9k)))³, where z_α is the standard
 * normal upper quantile. It is accurate to well under 0.1% for the large k used here; {@code ChiSquaredTest} checks
 * it against the tabulated values of the NIST/SEMATECH e-Handbook of Statistical Methods, section 1.3.6.7.4
 * ("Critical values of the chi-square distribution").
 */
final class ChiSquared {

    /** z for an upper tail of 0.001 (NIST e-Handbook 1.3.6.7.1). */
    static final double Z_0_001 = 3.090232;

    private ChiSquared() {
    }

    static double criticalValue(int degreesOfFreedom, double z) {
        double k = degreesOfFreedom;
        double a = 2.0 / (9.0 * k);
        return k * Math.pow(1.0 - a + z * Math.sqrt(a), 3);
    }

    /** Goodness of fit against a uniform distribution over {@code counts.length} cells. */
    static double uniform(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double expected = (double) total / counts.length;
        double chi = 0;
        for (long c : counts) {
            chi += (c - expected) * (c - expected) / expected;
        }
        return chi;
    }

    /** Test of independence on an r × c contingency table; (r − 1)(c − 1) degrees of freedom. */
    static double independence(long[][] table) {
        int rows = table.length;
        int cols = table[0].length;
        double[] rowSum = new double[rows];
        double[] colSum = new double[cols];
        double total = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                rowSum[r] += table[r][c];
                colSum[c] += table[r][c];
                total += table[r][c];
            }
        }
        double chi = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double expected = rowSum[r] * colSum[c] / total;
                chi += (table[r][c] - expected) * (table[r][c] - expected) / expected;
            }
        }
        return chi;
    }
}
