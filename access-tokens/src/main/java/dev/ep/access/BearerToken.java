package dev.ep.access;

import java.util.Optional;

/** The token of an {@code Authorization: Bearer <token>} header (RFC 6750 section 2.1; the scheme is case-insensitive). */
public final class BearerToken {

    private static final String PREFIX = "bearer ";

    private BearerToken() {
    }

    /** The token, or empty when the header is absent, of another scheme, or has no token. */
    public static Optional<String> from(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.length() <= PREFIX.length()
                || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String token = authorizationHeader.substring(PREFIX.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
