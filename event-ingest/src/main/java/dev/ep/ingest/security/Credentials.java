package dev.ep.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks a presented bearer token or API key against the configured SHA-256 hashes. The presented secret is hashed
 * and compared with every hash in constant time ({@link MessageDigest#isEqual}), without stopping at a match, so the
 * time taken tells nothing about which hash, or how much of one, matched. Plain Java.
 */
public final class Credentials {

    private final List<byte[]> tokenHashes;
    private final List<byte[]> apiKeyHashes;

    public Credentials(AccessProperties properties) {
        List<String> tokens = new ArrayList<>(properties.viewerTokenHashes());
        if (properties.devTokens()) {
            tokens.add(hash(AccessProperties.DEV_VIEWER_TOKEN));
        }
        this.tokenHashes = tokens.stream().map(HexFormat.of()::parseHex).toList();
        this.apiKeyHashes = properties.apiKeyHashes().stream().map(HexFormat.of()::parseHex).toList();
    }

    /** Whether the bearer token is one of the accepted tokens; false for null. */
    public boolean acceptsToken(String token) {
        return token != null && matchesAny(sha256(token), tokenHashes);
    }

    /** Whether the API key is one of the accepted keys; false for null. */
    public boolean acceptsApiKey(String key) {
        return key != null && matchesAny(sha256(key), apiKeyHashes);
    }

    /** The lower-case hex SHA-256 to configure for a secret. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static boolean matchesAny(byte[] presented, List<byte[]> hashes) {
        boolean found = false;
        for (byte[] hash : hashes) {
            found |= MessageDigest.isEqual(presented, hash);
        }
        return found;
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
