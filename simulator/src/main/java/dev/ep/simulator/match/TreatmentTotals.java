package dev.ep.simulator.match;

/**
 * The four figures "the reports match" compares, per experiment and treatment: what the ledger sent
 * ({@link LedgerTotals}) and what a platform source reports ({@link ReportedTotals}).
 */
public sealed interface TreatmentTotals permits LedgerTotals, ReportedTotals {

    String experimentId();

    String treatment();

    /** Covered (exposed) units of the treatment, QA-forced and held-out units left out. */
    long units();

    /** Covered units with at least one attributed order. */
    long conversions();

    /** Attributed orders, each order id once per unit. */
    long orders();

    /** Σ attributed order value, in minor units of the platform currency. */
    long revenueMinor();

    /** Non-negative figures, conversions within units and orders, a name for experiment and treatment. */
    static void check(String experimentId, String treatment, long units, long conversions, long orders,
                      long revenueMinor) {
        if (experimentId == null || experimentId.isBlank() || treatment == null || treatment.isBlank()) {
            throw new IllegalArgumentException("experimentId and treatment are required");
        }
        if (units < 0 || conversions < 0 || orders < 0 || revenueMinor < 0) {
            throw new IllegalArgumentException("totals are never negative: " + experimentId + "/" + treatment);
        }
        if (conversions > units || conversions > orders) {
            throw new IllegalArgumentException("conversions count units with an order: at most units and orders, in "
                    + experimentId + "/" + treatment);
        }
    }
}
