package dev.ep.assignment.core;

import java.util.List;

/**
 * The result of assigning one request.
 *
 * @param configVersion highest configuration sequence the decision was made with
 * @param holdout       where the request stands with the platform holdout
 * @param assigned      at most one per layer, in layer id order
 */
public record Assignment(long configVersion, HoldoutMembership holdout, List<LayerOutcome.Assigned> assigned) {

    /** The request is held out (of the layers of the holdout's unit type). */
    public boolean heldOut() {
        return holdout.member();
    }
}
