package dev.ep.assignment.core;

import dev.ep.targeting.TargetingExplanation;
import java.util.List;

/**
 * Every step of one assignment, for the "why did this session get that treatment" question. Every hash step shows
 * the exact text that was hashed ({@code input}, e.g. {@code bucket:6:search:s-1}), so anyone can recompute it with
 * any MurmurHash3 x86_32 (docs/hashing.md). Nullable components are steps that were not reached or do not apply.
 *
 * @param holdout    the holdout step; {@code null} when no holdout is configured
 * @param layers     one step per layer, in layer id order
 * @param assignment the same result {@link CompiledConfig#assign} gives
 */
public record Explanation(long configVersion, AssignmentRequest request, HoldoutStep holdout,
        List<LayerStep> layers, Assignment assignment, List<String> configWarnings) {

    /**
     * The holdout: {@code heldOut} when {@code bucket < basisPoints}, bucket = ⌊hash × 10,000 / 2³²⌋ of
     * {@code input} = {@code holdout:L:salt:unitId}. {@code unitId}, {@code input}, {@code hash} and {@code bucket}
     * are {@code null} when the request has no id of the holdout's unit type (then it is not held out). A held-out
     * request gets nothing from the layers of {@code unitType}; layers of the other unit type decide as usual.
     */
    public record HoldoutStep(int basisPoints, String salt, UnitType unitType, String unitId, String input, Long hash,
            Integer bucket, boolean heldOut) {
    }

    /**
     * One layer.
     *
     * @param unitType     the layer's unit type: the only unit it hashes
     * @param units        the layer bucket step of the layer's unit; empty when the request has no id of that type
     *                     or is held out
     * @param forcedBy     experiment whose QA override names this unit, if any
     * @param experimentId the experiment chosen (forced, or owning the unit's bucket), if any
     * @param targeting    every targeting node's result for that experiment, if one was chosen
     * @param slot         the treatment slot step, if the experiment assigned by slot
     * @param outcome      the decision
     * @param heldOut      the holdout covers this layer and the request is a member: nothing was hashed
     */
    public record LayerStep(String layerId, int bucketCount, List<UnitStep> units, String forcedBy,
            String experimentId, Status status, UnitType unitType, TargetingExplanation targeting, SlotStep slot,
            LayerOutcome outcome, boolean heldOut) {
    }

    /**
     * The layer bucket of the layer's unit: bucket = ⌊hash × bucketCount / 2³²⌋ of {@code input} =
     * {@code bucket:L:layerId:unitId}; {@code owner} is the experiment owning the bucket (if any), {@code used}
     * whether it decided the layer (false when a QA override did).
     */
    public record UnitStep(UnitType unitType, String unitId, String input, long hash, int bucket, String owner,
            boolean used) {
    }

    /** slot = ⌊hash × slotCount / 2³²⌋ of {@code input} = {@code slot:L:salt:unitId}, and the slot's treatment. */
    public record SlotStep(String salt, String unitId, String input, long hash, int slotCount, int slot,
            String treatment) {
    }
}
