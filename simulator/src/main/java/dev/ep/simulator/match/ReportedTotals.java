package dev.ep.simulator.match;

/** The same four figures as a platform {@link Source} reports them, for one experiment and treatment. */
public record ReportedTotals(String experimentId, String treatment, long units, long conversions, long orders,
                             long revenueMinor) implements TreatmentTotals {

    public ReportedTotals {
        TreatmentTotals.check(experimentId, treatment, units, conversions, orders, revenueMinor);
    }
}
