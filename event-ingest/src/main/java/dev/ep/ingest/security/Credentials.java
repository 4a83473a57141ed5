package dev.ep.ingest.security;

import dev.ep.access.TokenHashes;

/**
 * Checks a presented bearer token or API key against the configured SHA-256 hashes, through the platform's one
 * token model (access-tokens {@link TokenHashes}: constant-time comparison with every hash). Plain Java.
 */
public final class Credentials {

    private final TokenHashes tokens;
    private final TokenHashes apiKeys;

    public Credentials(AccessProperties properties) {
        TokenHashes configured = TokenHashes.of("ep.ingest.security.viewer-token-hashes",
                properties.viewerTokenHashes());
        this.tokens = properties.devTokens() ? configured.plusSecrets(AccessProperties.DEV_TOKENS)
                : configured;
        this.apiKeys = TokenHashes.of("ep.ingest.security.api-key-hashes", properties.apiKeyHashes());
    }

    /** Whether the bearer token is one of the accepted tokens; false for null. */
    public boolean acceptsToken(String token) {
        return tokens.accepts(token);
    }

    /** Whether the API key is one of the accepted keys; false for null. */
    public boolean acceptsApiKey(String key) {
        return apiKeys.accepts(key);
    }
}
