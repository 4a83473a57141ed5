package dev.ep.config.security;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bearer tokens this service accepts, each stored only as the lower-case hex SHA-256 of the token
 * ({@code printf '%s' "$TOKEN" | sha256sum}).
 *
 * @param tokens principal, role and token hash of every accepted token
 */
@ConfigurationProperties("ep.config.security")
public record SecurityProperties(List<Token> tokens) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public SecurityProperties {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** One accepted token. */
    public record Token(String principal, Role role, String sha256) {
        public Token {
            if (principal == null || principal.isBlank() || role == null) {
                throw new IllegalArgumentException("ep.config.security.tokens: every token needs a principal and a role");
            }
            if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException("ep.config.security.tokens (" + principal
                        + "): sha256 must be the 64-character lower-case hex SHA-256 of the token, not the token");
            }
        }
    }
}
