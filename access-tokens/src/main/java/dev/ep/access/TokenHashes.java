package dev.ep.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A set of accepted secrets, known only by their SHA-256. {@link #accepts} hashes the presented secret and compares
 * it with every configured hash ({@link MessageDigest#isEqual}, constant time), without stopping at a match, so the
 * time taken tells nothing about which hash, or how much of one, matched.
 */
public final class TokenHashes {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final List<byte[]> hashes;

    private TokenHashes(List<byte[]> hashes) {
        this.hashes = hashes;
    }

    /**
     * From configured hex hashes; blank entries are dropped (an unset environment variable), case is ignored.
     *
     * @param setting the setting's name, for the message when an entry is not a hash
     * @throws IllegalArgumentException when an entry is not a 64-character hex SHA-256 (likely the token itself)
     */
    public static TokenHashes of(String setting, List<String> hexHashes) {
        Objects.requireNonNull(setting, "setting");
        List<String> normalized = hexHashes == null ? List.of() : hexHashes.stream()
                .filter(h -> h != null && !h.isBlank()).map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        for (String hash : normalized) {
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException(setting + ": every entry must be the 64-character hex SHA-256 of"
                        + " a token (printf '%s' \"$TOKEN\" | sha256sum), not the token itself");
            }
        }
        return new TokenHashes(normalized.stream().map(HexFormat.of()::parseHex).toList());
    }

    /** These hashes and those of the given plain secrets (the development tokens). */
    public TokenHashes plusSecrets(List<String> secrets) {
        List<byte[]> all = new java.util.ArrayList<>(hashes);
        secrets.forEach(secret -> all.add(sha256(secret)));
        return new TokenHashes(List.copyOf(all));
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    public int size() {
        return hashes.size();
    }

    /** Whether the secret is one of the accepted ones; false for null. */
    public boolean accepts(String secret) {
        return indexOf(secret).isPresent();
    }

    /**
     * The position of the secret's hash among the configured ones (in the order given, the plain secrets of
     * {@link #plusSecrets} after them), the first if it is there twice; empty for null or an unknown secret. Every
     * hash is compared, whatever matched.
     */
    public OptionalInt indexOf(String secret) {
        if (secret == null) {
            return OptionalInt.empty();
        }
        byte[] presented = sha256(secret);
        int found = -1;
        for (int i = 0; i < hashes.size(); i++) {
            boolean match = MessageDigest.isEqual(presented, hashes.get(i));
            found = match && found < 0 ? i : found;
        }
        return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
    }

    /** The lower-case hex SHA-256 to configure for a secret. */
    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
