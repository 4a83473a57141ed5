package dev.ep.assignment.core;

import dev.ep.targeting.TargetingExplanation;
import java.util.List;

/**
 * Every step of one assignment, for the "why did this session get that treatment" question. Nullable components
 * are steps that were not reached or do not apply.
 *
 * @param holdout    the holdout step; {@code null} when no holdout is configured
 * @param layers     one step per layer, in layer id order (empty when held out)
 * @param assignment the same result {@link CompiledConfig#assign} gives
 */
public record Explanation(long configVersion, AssignmentRequest request, HoldoutStep holdout,
        List<LayerStep> layers, Assignment assignment, List<String> configWarnings) {

    /** {@code heldOut} when {@code bucket < basisPoints}; bucket = ⌊hash × 10,000 / 2³²⌋ of {@code salt:unitId}. */
    public record HoldoutStep(int basisPoints, String salt, UnitType unitType, String unitId, long hash, int bucket,
            boolean heldOut) {
    }

    /**
     * One layer.
     *
     * @param units       the layer hash of each unit id the request has (session, user)
     * @param forcedBy    experiment whose QA override names this unit, if any
     * @param experimentId the experiment chosen (forced, or owning the relevant bucket), if any
     * @param targeting   every targeting node's result for that experiment, if one was chosen
     * @param slot        the treatment slot step, if the experiment assigned by slot
     * @param outcome     the decision
     */
    public record LayerStep(String layerId, int bucketCount, List<UnitStep> units, String forcedBy,
            String experimentId, Status status, UnitType unitType, TargetingExplanation targeting, SlotStep slot,
            LayerOutcome outcome) {
    }

    /**
     * The layer hash of one unit id: {@code owner} is the experiment owning the bucket (if any), {@code used} whether
     * this unit decided the layer (the owner's unit type matches).
     */
    public record UnitStep(UnitType unitType, String unitId, long hash, int bucket, String owner,
            UnitType ownerUnitType, boolean used) {
    }

    /** slot = ⌊hash × slotCount / 2³²⌋ of {@code salt:unitId}, and the treatment the slot map gives it. */
    public record SlotStep(String salt, String unitId, long hash, int slotCount, int slot, String treatment) {
    }
}
