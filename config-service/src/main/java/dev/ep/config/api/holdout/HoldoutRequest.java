package dev.ep.config.api.holdout;

import java.math.BigDecimal;

/**
 * Body of {@code PUT /v1/holdout}: exactly one of {@code percent} and {@code basisPoints}; {@code unit}
 * ({@code session} or {@code user}) is the unit hashed and the layers covered, the current one when left out.
 */
record HoldoutRequest(BigDecimal percent, Integer basisPoints, String unit, String reason, Long expectedVersion) {
}
