package dev.ep.config.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Finds the caller of a bearer token: hashes the presented token and compares the digest with every configured
 * hash in constant time ({@link MessageDigest#isEqual}), without stopping at the first match, so the time taken
 * does not tell which token, or how much of one, was right.
 */
public final class TokenAuthenticator {

    private final List<SecurityProperties.Token> tokens;
    private final List<byte[]> hashes;

    public TokenAuthenticator(SecurityProperties properties) {
        this.tokens = properties.accepted();
        this.hashes = tokens.stream().map(t -> HexFormat.of().parseHex(t.sha256())).toList();
    }

    public Optional<Caller> authenticate(String token) {
        byte[] presented = sha256(token);
        SecurityProperties.Token found = null;
        for (int i = 0; i < hashes.size(); i++) {
            if (MessageDigest.isEqual(presented, hashes.get(i)) && found == null) {
                found = tokens.get(i);
            }
        }
        return Optional.ofNullable(found).map(t -> new Caller(t.principal(), t.role(), t.scope()));
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
