package dev.ep.assignment.token;

import java.util.Arrays;
import java.util.Base64;

/**
 * An HMAC-SHA256 key for exposure tokens: at least {@value #MIN_BYTES} bytes (the hash's output size, RFC 2104's
 * recommended minimum), given as base64 (standard or URL-safe alphabet, padding optional). {@link #toString()} never
 * shows the key.
 */
public final class TokenKey {

    /** Shortest accepted key, in bytes. */
    public static final int MIN_BYTES = 32;

    private final byte[] bytes;

    private TokenKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses a base64 key.
     *
     * @param setting the setting's name, for the message (the value itself is never repeated)
     * @throws IllegalArgumentException when it is not base64 or shorter than {@value #MIN_BYTES} bytes
     */
    public static TokenKey parse(String base64, String setting) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException(setting + " is empty");
        }
        String text = base64.strip();
        byte[] bytes;
        try {
            bytes = text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not base64 (standard or URL-safe alphabet)");
        }
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException(setting + " decodes to " + bytes.length + " bytes; at least "
                    + MIN_BYTES + " are required (e.g. `openssl rand -base64 32`)");
        }
        return new TokenKey(bytes);
    }

    /** A key from raw bytes (at least {@value #MIN_BYTES}). */
    public static TokenKey of(byte[] bytes) {
        if (bytes.length < MIN_BYTES) {
            throw new IllegalArgumentException("a token key needs at least " + MIN_BYTES + " bytes, got "
                    + bytes.length);
        }
        return new TokenKey(bytes.clone());
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** The key as standard base64, e.g. to write it to the key file. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenKey other && java.security.MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TokenKey[" + bytes.length + " bytes]";
    }
}
