package dev.ep.simulator.http;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;

/**
 * What an exposure token of {@code /v1/assign} says about its decision, read from the token's documented fixed
 * prefix (assignment-service README, "Coverage: by exposure token"; version 1: {@code version(1) issuedAt(8)
 * expiresAt(8) configVersion(8) experimentVersion(4) phase(4) bucket(4) slot(4, -1 when forced)}, big-endian, base64url
 * without padding). The token is not encrypted: it holds only what the assign answer already tells the storefront.
 * The simulator does not verify the signature (it has no key); it reads the phase and slot of the decision so that
 * the ledger records them as the platform decided them, not as the simulator guesses them.
 *
 * @param configVersion the configuration version the decision was made with
 * @param phase         the experiment's phase of the decision
 * @param slot          the unit's slot (0..9999), null for a forced (QA override) decision
 */
public record ExposureTokenFacts(long configVersion, int phase, Integer slot) {

    private static final int VERSION = 1;
    private static final int PREFIX = 1 + 8 + 8 + 8 + 4 + 4 + 4 + 4;

    /** The facts of a version-1 token; empty for anything else (another version, not base64url, too short). */
    public static Optional<ExposureTokenFacts> read(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length < PREFIX || bytes[0] != VERSION) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.position(1 + 8 + 8);
        long configVersion = in.getLong();
        in.getInt(); // experiment version
        int phase = in.getInt();
        in.getInt(); // bucket
        int slot = in.getInt();
        if (phase < 0 || slot < -1 || slot >= 10_000) {
            return Optional.empty();
        }
        return Optional.of(new ExposureTokenFacts(configVersion, phase, slot == -1 ? null : slot));
    }
}
