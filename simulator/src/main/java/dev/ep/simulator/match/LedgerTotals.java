package dev.ep.simulator.match;

/**
 * What the simulator's ledger says it sent, for one experiment and treatment, counted by the platform's attribution
 * rules (see the module README, "The reports match"): {@code units} are the units whose first non-forced coverage of
 * the experiment confirmed this treatment, {@code conversions} those of them with at least one attributed order,
 * {@code orders} the attributed orders (an order id once per unit) and {@code revenueMinor} their value in minor
 * units. An order is attributed to a unit when it was accepted (2xx) by the platform at or after the unit's first
 * coverage and within the attribution window.
 */
public record LedgerTotals(String experimentId, String treatment, long units, long conversions, long orders,
                           long revenueMinor) implements TreatmentTotals {

    public LedgerTotals {
        TreatmentTotals.check(experimentId, treatment, units, conversions, orders, revenueMinor);
    }
}
