package dev.ep.registry.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users allowed to write to the registry, each with a {@link PasswordHash}; no password is kept.
 *
 * <p>A check costs one PBKDF2 derivation, whether the user exists or not (an unknown user is checked against a
 * dummy hash of the same cost, so timing does not tell which users exist). A successful check is remembered as a
 * salted SHA-256 of the credentials, so a writer that registers many schemas pays the derivation once per process;
 * at most one entry per writer is kept, since each user has one password.
 */
public final class Writers {

    private final Map<String, PasswordHash> hashes;
    private final PasswordHash dummy;
    private final byte[] cacheSalt = new byte[16];
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    private Writers(Map<String, PasswordHash> hashes, SecureRandom random) {
        this.hashes = Collections.unmodifiableMap(new LinkedHashMap<>(hashes));
        int iterations = hashes.values().stream().mapToInt(PasswordHash::iterations).max()
                .orElse(PasswordHash.MIN_ITERATIONS);
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        this.dummy = PasswordHash.create(HexFormat.of().formatHex(bytes), iterations, random);
        random.nextBytes(cacheSalt);
    }

    public static Writers of(Map<String, PasswordHash> hashes, SecureRandom random) {
        hashes.keySet().forEach(Writers::requireValidUser);
        return new Writers(hashes, random);
    }

    /**
     * Reads {@code user:pbkdf2-sha256:...} entries separated by commas (blank entries ignored). Messages name the
     * entry by position and user, never its hash.
     */
    public static Writers parse(String entries, SecureRandom random) {
        Map<String, PasswordHash> hashes = new LinkedHashMap<>();
        if (entries != null && !entries.isBlank()) {
            String[] split = entries.split(",");
            for (int i = 0; i < split.length; i++) {
                String entry = split[i].strip();
                if (entry.isEmpty()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("writer entry " + (i + 1) + " must read user:<password hash>");
                }
                String user = entry.substring(0, colon);
                try {
                    if (hashes.put(user, PasswordHash.parse(entry.substring(colon + 1))) != null) {
                        throw new IllegalArgumentException("user '" + user + "' is listed twice");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("writer entry " + (i + 1) + " (user '" + user + "'): "
                            + e.getMessage(), e);
                }
            }
        }
        return of(hashes, random);
    }

    /** A new set with one more writer, given in clear text ({@code user:password}) and hashed here. */
    public Writers with(String userInfo, int iterations, SecureRandom random) {
        int colon = userInfo == null ? -1 : userInfo.indexOf(':');
        if (colon <= 0 || colon == userInfo.length() - 1) {
            throw new IllegalArgumentException("a writer's user info must read user:password, both non-empty");
        }
        String user = userInfo.substring(0, colon);
        if (hashes.containsKey(user)) {
            throw new IllegalArgumentException("user '" + user + "' is configured twice");
        }
        Map<String, PasswordHash> more = new LinkedHashMap<>(hashes);
        more.put(user, PasswordHash.create(userInfo.substring(colon + 1), iterations, random));
        return of(more, random);
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    public Set<String> users() {
        return hashes.keySet();
    }

    /** Whether {@code password} is {@code user}'s. */
    public boolean authenticate(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        PasswordHash hash = hashes.get(user);
        byte[] fingerprint = fingerprint(user, password);
        if (hash != null) {
            byte[] remembered = verified.get(user);
            if (remembered != null && MessageDigest.isEqual(remembered, fingerprint)) {
                return true;
            }
        }
        boolean matches = (hash != null ? hash : dummy).matches(password) && hash != null;
        if (matches) {
            verified.put(user, fingerprint);
        }
        return matches;
    }

    private byte[] fingerprint(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(cacheSalt);
            sha.update(user.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return sha.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void requireValidUser(String user) {
        if (user == null || user.isBlank() || user.contains(":") || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a writer's user name must be non-empty, without ':' or control"
                    + " characters");
        }
    }
}
