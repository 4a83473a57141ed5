package dev.ep.registry.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted PBKDF2-HMAC-SHA256 password hash, written {@code pbkdf2-sha256:<iterations>:<salt>:<hash>} with salt and
 * hash in unpadded base64url. The text has no {@code $}, {@code ,} or quotes, so it sits in an environment variable,
 * a shell or a compose file without escaping. Only the JDK is needed to make and check one.
 *
 * @param iterations PBKDF2 rounds: the cost of each check, for the registry and for anyone guessing
 * @param salt random bytes, at least 16
 * @param hash the derived key, 32 bytes
 */
public record PasswordHash(int iterations, byte[] salt, byte[] hash) {

    static final String ALGORITHM = "pbkdf2-sha256";
    /**
     * Default rounds of a new hash (about half a second on a busy 2-core build machine). A successful check is
     * remembered by {@link Writers}, so a writer pays it once per registry process; a wrong password pays it each
     * time.
     */
    public static final int DEFAULT_ITERATIONS = 210_000;
    /** Lowest accepted: tests hash with few rounds to stay fast; production keeps the default. */
    static final int MIN_ITERATIONS = 1_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    public PasswordHash {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("a password hash needs at least " + MIN_ITERATIONS + " iterations");
        }
        if (salt == null || salt.length < SALT_BYTES) {
            throw new IllegalArgumentException("a password hash needs a salt of at least " + SALT_BYTES + " bytes");
        }
        if (hash == null || hash.length != HASH_BITS / 8) {
            throw new IllegalArgumentException("a password hash must be " + HASH_BITS / 8 + " bytes");
        }
        salt = salt.clone();
        hash = hash.clone();
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash create(String password, int iterations, SecureRandom random) {
        Objects.requireNonNull(password, "password");
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations));
    }

    /** Reads {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}; the message never repeats the text. */
    public static PasswordHash parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split(":", -1);
        if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
            throw new IllegalArgumentException("a password hash must read " + ALGORITHM
                    + ":<iterations>:<salt>:<hash> (make one with: java -jar schema-registry-*-exec.jar hash-password)");
        }
        try {
            Base64.Decoder base64 = Base64.getUrlDecoder();
            return new PasswordHash(Integer.parseInt(parts[1]), base64.decode(parts[2]), base64.decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the password hash is malformed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code password} is the one hashed; the comparison takes the same time wherever the bytes differ. */
    public boolean matches(String password) {
        return MessageDigest.isEqual(hash, derive(password == null ? "" : password, salt, iterations));
    }

    /** The text form read by {@link #parse(String)}. */
    public String encoded() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return ALGORITHM + ":" + iterations + ":" + base64.encodeToString(salt) + ":" + base64.encodeToString(hash);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        // The JDK's PBKDF2 feeds the password to HMAC as UTF-8, the usual PBKDF2 input.
        char[] chars = password.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required of every JVM", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PasswordHash that && iterations == that.iterations && Arrays.equals(salt, that.salt)
                && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * iterations + Arrays.hashCode(salt)) + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[" + ALGORITHM + ", " + iterations + " iterations]";
    }
}
