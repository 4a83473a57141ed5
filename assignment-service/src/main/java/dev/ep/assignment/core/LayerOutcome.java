package dev.ep.assignment.core;

/** What one layer decided for one request. Only {@link Assigned} yields a treatment. */
public sealed interface LayerOutcome {

    String layerId();

    /**
     * The unit got {@code treatment} of {@code experiment}.
     *
     * @param unitType the unit hashed (the experiment's, which is its layer's)
     * @param unitId   the id hashed
     * @param bucket   the unit's layer bucket
     * @param slot     the unit's treatment slot; {@code -1} when a QA override forced the treatment
     */
    record Assigned(String layerId, CompiledExperiment experiment, Treatment treatment, UnitType unitType,
            String unitId, int bucket, int slot, boolean forced) implements LayerOutcome {

        public String experimentId() {
            return experiment.id();
        }
    }

    /** No experiment owns the unit's bucket (or the layer has no unit the request can supply). */
    record Unowned(String layerId, int bucket) implements LayerOutcome {
    }

    /** The owning experiment does not run (draft, paused, stopped, unknown status, invalid slot map). */
    record NotRunning(String layerId, String experimentId, Status status) implements LayerOutcome {
    }

    /** The owning experiment's page list or rule excludes this request: nothing from this layer. */
    record NotEligible(String layerId, String experimentId, boolean pageMatched) implements LayerOutcome {
    }

    /** The whole request is in the platform holdout. */
    record HeldOut(String layerId) implements LayerOutcome {
    }
}
