package dev.ep.reporting.access;

import dev.ep.access.DevTokens;
import dev.ep.access.TokenHashes;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may read results ({@code ep.reporting.security.*}): the platform's viewer model, every accepted bearer token
 * reads (the API changes nothing). Tokens are configured only as the lower-case hex SHA-256 of the token, the scheme
 * of config-service, so its viewer token works here.
 *
 * @param tokenHashes SHA-256 of each accepted bearer token ({@code EP_REPORTING_TOKEN_HASHES}, comma-separated)
 * @param devTokens   the explicit development switch ({@code EP_REPORTING_DEV_TOKENS=true}): also accept the local
 *                    platform's public dev-viewer-token, dev-owner-token and dev-admin-token
 */
@ConfigurationProperties("ep.reporting.security")
public record AccessProperties(List<String> tokenHashes, boolean devTokens) {

    static final String NO_TOKENS = "reporting-service has no bearer token configured, so nobody could read results."
            + " Set EP_REPORTING_TOKEN_HASHES (ep.reporting.security.token-hashes) to the comma-separated lower-case"
            + " hex SHA-256 of each token, e.g. printf '%s' \"$TOKEN\" | sha256sum | cut -d' ' -f1 (config-service's"
            + " viewer token hash works). On a developer machine only, EP_REPORTING_DEV_TOKENS=true accepts the public"
            + " development tokens dev-viewer-token, dev-owner-token and dev-admin-token.";

    public AccessProperties {
        tokenHashes = tokenHashes == null ? List.of() : List.copyOf(tokenHashes);
    }

    /**
     * The accepted tokens.
     *
     * @throws IllegalStateException when none is accepted (the service refuses to start, naming the settings)
     */
    public TokenHashes accepted() {
        TokenHashes hashes = TokenHashes.of("ep.reporting.security.token-hashes (EP_REPORTING_TOKEN_HASHES)",
                tokenHashes);
        if (devTokens) {
            hashes = hashes.plusSecrets(DevTokens.ALL);
        }
        if (hashes.isEmpty()) {
            throw new IllegalStateException(NO_TOKENS);
        }
        return hashes;
    }
}
