package dev.ep.assignment.token;

import java.time.Instant;
import java.util.Objects;

/**
 * What an exposure token states once its signature is verified: the exposure as served, when it was decided
 * ({@code issuedAt}, the decision's server time) and until when a coverage call may present it.
 */
public record ExposureToken(Exposure exposure, Instant issuedAt, Instant expiresAt) {

    public ExposureToken {
        Objects.requireNonNull(exposure, "exposure");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresAt.isBefore(issuedAt)) {
            throw new IllegalArgumentException("a token cannot expire before it is issued");
        }
    }
}
