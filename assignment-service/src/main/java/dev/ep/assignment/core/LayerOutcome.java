package dev.ep.assignment.core;

/** What one layer decided for one request. Only {@link Assigned} yields a treatment. */
public sealed interface LayerOutcome {

    String layerId();

    /**
     * The unit got {@code treatment} of {@code experiment}.
     *
     * @param unitType the unit hashed: the layer's unit type (every assigning experiment of the layer has it)
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

    /**
     * No experiment owns the unit's bucket; {@code bucket} is {@code -1} when the request has no id of the layer's unit
     * type (an anonymous request in a USER layer), so nothing was hashed.
     */
    record Unowned(String layerId, int bucket) implements LayerOutcome {
    }

    /** The owning experiment does not run (draft, paused, stopped, unknown status, invalid slot map). */
    record NotRunning(String layerId, String experimentId, Status status) implements LayerOutcome {
    }

    /** The owning experiment's page list or rule excludes this request: nothing from this layer. */
    record NotEligible(String layerId, String experimentId, boolean pageMatched) implements LayerOutcome {
    }

    /** The request is a member of the platform holdout, which covers this layer's unit type. */
    record HeldOut(String layerId) implements LayerOutcome {
    }
}
