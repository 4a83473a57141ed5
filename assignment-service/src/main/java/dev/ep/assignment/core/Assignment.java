package dev.ep.assignment.core;

import java.util.List;

/**
 * The result of assigning one request.
 *
 * @param configVersion highest configuration sequence the decision was made with
 * @param holdout       the unit is in the platform holdout (then {@code assigned} is empty)
 * @param assigned      at most one per layer, in layer id order
 */
public record Assignment(long configVersion, boolean holdout, List<LayerOutcome.Assigned> assigned) {
}
