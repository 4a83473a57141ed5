package dev.ep.testsupport;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.random.RandomGenerator;

/** Turns a caller's prefix into a database name that is a safe SQL identifier and unique across JVMs. */
final class DatabaseNames {

    /** PostgreSQL truncates identifiers at 63 bytes; prefix + "_" + suffix stays well below. */
    static final int MAX_PREFIX_LENGTH = 40;
    private static final int SUFFIX_BYTES = 6;

    private final RandomGenerator random;

    DatabaseNames(RandomGenerator random) {
        this.random = random;
    }

    static DatabaseNames secure() {
        return new DatabaseNames(new SecureRandom());
    }

    String next(String prefix) {
        return sanitize(prefix) + "_" + suffix();
    }

    static String sanitize(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "test";
        }
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (!Character.isLetter(cleaned.charAt(0))) {
            cleaned = "t_" + cleaned;
        }
        return cleaned.length() > MAX_PREFIX_LENGTH ? cleaned.substring(0, MAX_PREFIX_LENGTH) : cleaned;
    }

    private String suffix() {
        byte[] bytes = new byte[SUFFIX_BYTES];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
