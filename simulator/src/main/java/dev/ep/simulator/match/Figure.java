package dev.ep.simulator.match;

import java.util.function.ToLongFunction;

/** One compared figure of {@link TreatmentTotals}. */
public enum Figure {
    UNITS("units", TreatmentTotals::units),
    CONVERSIONS("conversions", TreatmentTotals::conversions),
    ORDERS("orders", TreatmentTotals::orders),
    REVENUE_MINOR("revenue (minor units)", TreatmentTotals::revenueMinor);

    private final String label;
    private final ToLongFunction<TreatmentTotals> value;

    Figure(String label, ToLongFunction<TreatmentTotals> value) {
        this.label = label;
        this.value = value;
    }

    public String label() {
        return label;
    }

    long of(TreatmentTotals totals) {
        return totals == null ? 0 : value.applyAsLong(totals);
    }
}
