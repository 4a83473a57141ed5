package dev.ep.ingest.security;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read session timelines ({@code ep.ingest.security.*}). Credentials are stored only as the lower-case hex
 * SHA-256 of the secret ({@code printf '%s' "$TOKEN" | sha256sum}), the scheme config-service uses for its tokens and
 * assignment-service for its API keys, so the same secrets work here.
 *
 * @param viewerTokenHashes SHA-256 of each accepted bearer token ({@code Authorization: Bearer <token>}): the
 *                          config-service viewer token, and any other token allowed to read timelines
 * @param apiKeyHashes      SHA-256 of each accepted storefront API key ({@code X-Api-Key}), as
 *                          {@code ep.assignment.api-key-hashes}
 * @param devTokens         the explicit development switch: also accept the local platform's development tokens
 *                          ({@link #DEV_TOKENS}); never on outside a developer machine
 */
@ConfigurationProperties("ep.ingest.security")
public record AccessProperties(List<String> viewerTokenHashes, List<String> apiKeyHashes, boolean devTokens) {

    /** The local platform's viewer token, the same as config-service's development viewer token. */
    public static final String DEV_VIEWER_TOKEN = "dev-viewer-token";
    /**
     * config-service's development tokens: the viewer's, and the owner's and admin's, since every role of
     * config-service may read, and the web console signs in with any of them.
     */
    public static final List<String> DEV_TOKENS = List.of(DEV_VIEWER_TOKEN, "dev-owner-token", "dev-admin-token");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public AccessProperties {
        viewerTokenHashes = normalized("viewer-token-hashes", viewerTokenHashes);
        apiKeyHashes = normalized("api-key-hashes", apiKeyHashes);
        if (viewerTokenHashes.isEmpty() && apiKeyHashes.isEmpty() && !devTokens) {
            throw new IllegalArgumentException("no credential is configured for the session timeline: set "
                    + "EP_INGEST_VIEWER_TOKEN_HASHES (ep.ingest.security.viewer-token-hashes) and/or "
                    + "EP_INGEST_API_KEY_HASHES (ep.ingest.security.api-key-hashes) to comma-separated SHA-256 hex "
                    + "hashes (printf '%s' \"$TOKEN\" | sha256sum), or, on a developer machine only, "
                    + "EP_INGEST_DEV_TOKENS=true to accept " + DEV_TOKENS);
        }
    }

    private static List<String> normalized(String name, List<String> hashes) {
        if (hashes == null) {
            return List.of();
        }
        List<String> result = hashes.stream().filter(h -> h != null && !h.isBlank())
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        for (String hash : result) {
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException("ep.ingest.security." + name + ": every entry must be the "
                        + "64-character hex SHA-256 of a secret, not the secret itself");
            }
        }
        return result;
    }
}
