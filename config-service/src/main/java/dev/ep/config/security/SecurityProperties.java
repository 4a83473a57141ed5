package dev.ep.config.security;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.ep.config.change.TeamScope;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The bearer tokens this service accepts, each stored only as the lower-case hex SHA-256 of the token
 * ({@code printf '%s' "$TOKEN" | sha256sum}). A token whose hash is left empty is not configured. The three
 * development tokens ({@link #DEV_TOKENS}) are accepted only when {@code devTokens} is set
 * ({@code EP_CONFIG_DEV_TOKENS=true}, as the local platform does); otherwise at least one token must be configured
 * or the service refuses to start ({@link #accepted()}).
 *
 * @param tokens    principal, role and token hash of every configured token (unconfigured ones dropped)
 * @param devTokens whether the well-known development tokens are accepted as well
 */
@ConfigurationProperties("ep.config.security")
public record SecurityProperties(List<Token> tokens, boolean devTokens) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** {@code dev-owner-token}, {@code dev-admin-token}, {@code dev-viewer-token}: public, for a developer machine. */
    public static final List<Token> DEV_TOKENS = List.of(
            new Token("dev-owner", Role.OWNER, "8ac4afa44f3f01da2d47daaee53270af09cdf9b0482481377b750332904ddd94",
                    List.of(TeamScope.WILDCARD)),
            new Token("dev-admin", Role.ADMIN, "1734d503f6aa6a047c36d113cbad769f719c93784b469b771c4c3e7c63adbefd",
                    List.of()),
            new Token("dev-viewer", Role.VIEWER, "ce2bc80df24ceeb9021f86ebb9b2ad727af4f9fabb308232bd168b16f1de2526",
                    List.of()));

    /** What a refused start says: the settings to set and how to hash a token. */
    static final String NO_TOKENS = "config-service has no bearer token configured, so nobody could use its API. "
            + "Set EP_CONFIG_ADMIN_TOKEN_SHA256, EP_CONFIG_OWNER_TOKEN_SHA256 and/or EP_CONFIG_VIEWER_TOKEN_SHA256 "
            + "(and the matching EP_CONFIG_*_PRINCIPAL) to the lower-case hex SHA-256 of each token, e.g. "
            + "TOKEN=$(openssl rand -hex 32); printf '%s' \"$TOKEN\" | sha256sum | cut -d' ' -f1 "
            + "(or configure ep.config.security.tokens). On a developer machine only, EP_CONFIG_DEV_TOKENS=true "
            + "accepts the public development tokens dev-owner-token, dev-admin-token and dev-viewer-token.";

    public SecurityProperties {
        tokens = tokens == null ? List.of() : tokens.stream().filter(Token::configured).toList();
    }

    /**
     * Every accepted token: the configured ones, plus the development tokens when enabled.
     *
     * @throws IllegalStateException when that is none, naming the settings to set
     */
    public List<Token> accepted() {
        List<Token> all = Stream.concat(tokens.stream(), devTokens ? DEV_TOKENS.stream() : Stream.empty()).toList();
        if (all.isEmpty()) {
            throw new IllegalStateException(NO_TOKENS);
        }
        return all;
    }

    /**
     * One token; an empty {@code sha256} means not configured (dropped).
     *
     * @param teams for an owner: the teams (experiment {@code owner} values) whose experiments it may create and
     *              change; empty means the principal's own team only (the principal is the team's name), {@code *}
     *              every team. Admins change every team's experiments, viewers none.
     */
    public record Token(String principal, Role role, String sha256, List<String> teams) {
        public Token {
            teams = teams == null ? List.of() : teams.stream().filter(t -> t != null && !t.isBlank())
                    .map(String::strip).toList();
            sha256 = sha256 == null ? "" : sha256.strip();
            if (!sha256.isEmpty()) {
                if (principal == null || principal.isBlank() || role == null) {
                    throw new IllegalArgumentException(
                            "ep.config.security.tokens: every token needs a principal and a role");
                }
                if (!SHA256_HEX.matcher(sha256).matches()) {
                    throw new IllegalArgumentException("ep.config.security.tokens (" + principal
                            + "): sha256 must be the 64-character lower-case hex SHA-256 of the token, not the token");
                }
            }
        }

        boolean configured() {
            return !sha256.isEmpty();
        }

        /** Whose experiments this token may change. */
        public TeamScope scope() {
            return switch (role) {
                case ADMIN -> TeamScope.ALL;
                case OWNER -> TeamScope.of(teams.isEmpty() ? List.of(principal) : teams);
                case VIEWER -> TeamScope.NONE;
            };
        }
    }
}
