package dev.ep.console.proxy;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The console's settings (application.yml; environment variables in console/README.md).
 *
 * @param configUrl config-service's base URL
 * @param reportingUrl reporting-service's base URL
 * @param assignmentUrl assignment-service's base URL
 * @param ingestUrl event-ingest's base URL
 * @param assignmentApiKey assignment-service's API key for explain, added only for callers config-service accepted
 *     (empty: none sent)
 * @param connectTimeout how long to wait for a connection to an upstream (then 502)
 * @param readTimeout how long to wait for an upstream's answer (then 504)
 * @param maxRequestBytes largest request body forwarded (then 413)
 * @param maxResponseBytes largest upstream answer passed back (then 502)
 */
@Validated
@ConfigurationProperties("ep.console")
public record ConsoleProperties(@NotNull URI configUrl, @NotNull URI reportingUrl, @NotNull URI assignmentUrl,
                                @NotNull URI ingestUrl, String assignmentApiKey, @NotNull Duration connectTimeout,
                                @NotNull Duration readTimeout, long maxRequestBytes, long maxResponseBytes) {

    public ConsoleProperties {
        assignmentApiKey = assignmentApiKey == null ? "" : assignmentApiKey;
        if (maxRequestBytes <= 0 || maxResponseBytes <= 0) {
            throw new IllegalArgumentException("ep.console.max-request-bytes and max-response-bytes must be positive");
        }
    }

    URI baseUrl(Upstream upstream) {
        return switch (upstream) {
            case CONFIG -> configUrl;
            case REPORTING -> reportingUrl;
            case ASSIGNMENT -> assignmentUrl;
            case INGEST -> ingestUrl;
        };
    }
}
