package dev.ep.config.api.holdout;

import java.math.BigDecimal;

/** Body of {@code PUT /v1/holdout}: exactly one of {@code percent} and {@code basisPoints}. */
record HoldoutRequest(BigDecimal percent, Integer basisPoints, String reason, Long expectedVersion) {
}
