package dev.ep.simulator.ledger;

import java.util.List;
import java.util.Map;

/**
 * The first line of a ledger: what the run set up on the platform, so the validations need nothing but the ledger.
 *
 * @param holdoutBasisPoints the platform holdout the run set (0: none)
 * @param holdoutUnit        {@code session} or {@code user}
 * @param slaMillis          the SLA validation 1 applies to this run
 */
public record RunHeader(String runId, long seed, String model, String mode, long startedAtMillis,
        int holdoutBasisPoints, String holdoutUnit, double slaMillis, List<Experiment> experiments) {

    public RunHeader {
        experiments = List.copyOf(experiments == null ? List.of() : experiments);
    }

    public Experiment experiment(String platformId) {
        return experiments.stream().filter(e -> e.id().equals(platformId)).findFirst().orElse(null);
    }

    /**
     * An experiment as the run created it.
     *
     * @param id            platform id
     * @param modelId       id in the model file
     * @param unit          {@code session} or {@code user} (the layer's)
     * @param phase         the phase the run ran in
     * @param weights       treatment → basis points, in treatment order
     * @param pages         targeting pages (empty: every page)
     * @param renders       pages that render it
     * @param bugTreatment  the treatment with the deliberate coverage bug, or null
     * @param overrides     QA overrides: unit id → treatment
     * @param effects       planted effects as text ({@code green: checkout->order x1.05}), for the report
     */
    public record Experiment(String id, String modelId, String layer, String unit, int phase, int trafficBasisPoints,
            Map<String, Integer> weights, String control, List<String> pages, List<String> renders,
            String bugTreatment, double bugUnderReport, Map<String, String> overrides, List<String> effects) {

        public boolean assignsOn(String page) {
            return pages.isEmpty() || pages.contains(page);
        }
    }
}
