package dev.ep.simulator.match;

import java.util.Objects;

/**
 * One figure on which a source and the ledger differ.
 *
 * @param experimentId the experiment
 * @param treatment    the treatment
 * @param source       the platform source that differs
 * @param figure       the figure
 * @param ledger       the ledger's value (0 when the ledger has no row for the treatment)
 * @param reported     the source's value (0 when the source has no row for the treatment)
 * @param note         null, or why a side is 0 ("no row in the ledger", "no row in reporting-service")
 */
public record Difference(String experimentId, String treatment, Source source, Figure figure, long ledger,
                         long reported, String note) {

    public Difference {
        Objects.requireNonNull(experimentId, "experimentId");
        Objects.requireNonNull(treatment, "treatment");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(figure, "figure");
    }

    /** E.g. {@code checkout/green conversions: ledger 120, reporting-service 121 (+1)}. */
    public String describe() {
        long delta = reported - ledger;
        return experimentId + "/" + treatment + " " + figure.label() + ": ledger " + ledger + ", " + source.label()
                + " " + reported + " (" + (delta > 0 ? "+" : "") + delta + ")" + (note == null ? "" : ", " + note);
    }
}
