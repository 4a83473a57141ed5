package dev.ep.assignment.system;

import dev.ep.assignment.token.ExposureTokens;
import dev.ep.assignment.token.TokenKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of assignment-service ({@code ep.assignment.*}); each has a default and an environment-variable override
 * in application.yml.
 *
 * @param dataDir          local state: the configuration snapshot file and the spill journal
 * @param catchUpGrace     how long readiness waits for the feed to catch up before serving a disk snapshot as
 *                         "degraded"
 * @param apiKeyHashes     SHA-256 (hex) of accepted {@code X-Api-Key} values; empty = no key required
 * @param queueCapacity    in-memory event queue in front of the producer; beyond it events are journaled
 * @param fsyncInterval    group-commit interval of the spill journal
 * @param segmentBytes     size at which a journal segment is closed and a new one started
 * @param journalMaxBytes  the spill journal's cap (pending bytes); beyond it events are dropped and counted
 *                         ({@code ep_events_lost_total{reason="journal_full"}}) and the events health is DOWN
 * @param eventPartitions  partitions of the event topics when this service creates them
 * @param maxEventBatch    events per {@code POST /v1/events}
 * @param maxEventBodyBytes body size of {@code POST /v1/events}
 * @param maxBodyBytes     body size of the other endpoints
 * @param eventMaxAge      oldest event time accepted
 * @param eventMaxFuture   how far in the future an event time may be (client clock skew)
 * @param reportingCurrency the platform's one reporting currency (ISO 4217, upper case): every tracking event value
 *                         must be in it, so that the values of one topic add up
 * @param exposureToken    the key and lifetime of the exposure tokens {@code /v1/assign} hands out
 * @param explainEnabled   serve {@code /v1/explain} without an API key; explain reveals the hash salts (with which a
 *                         client can pick session ids that land in the treatment it wants), so it is served only when
 *                         an API key is configured (and then needs it) or when this is set (a local, trusted setup)
 * @param directRoute      serve the plain storefront request on the direct route
 *                         ({@link dev.ep.assignment.api.StorefrontRoute}) instead of through WebFlux's dispatcher
 */
@ConfigurationProperties("ep.assignment")
public record AssignmentProperties(Path dataDir, Duration catchUpGrace, List<String> apiKeyHashes, int queueCapacity,
        Duration fsyncInterval, long segmentBytes, long journalMaxBytes, int eventPartitions, int maxEventBatch, long maxEventBodyBytes,
        long maxBodyBytes, Duration eventMaxAge, Duration eventMaxFuture, String reportingCurrency,
        ExposureToken exposureToken, boolean explainEnabled, boolean directRoute) {

    /**
     * Exposure-token settings ({@code ep.assignment.exposure-token.*}). Validated when the service starts: a bad
     * secret or lifetime stops it with a message that names the setting and never repeats the secret.
     *
     * @param secret         base64 HMAC key of at least 32 bytes ({@code EP_EXPOSURE_TOKEN_SECRET}); empty: a key is
     *                       generated at the first start and kept in the data directory
     * @param previousSecret the key before the last rotation, still accepted when verifying; empty: none
     * @param ttl            how long a token can be presented to {@code /v1/coverage}, 1 minute to 7 days
     */
    public record ExposureToken(String secret, String previousSecret, Duration ttl) {

        public ExposureToken {
            secret = secret == null || secret.isBlank() ? null : secret;
            previousSecret = previousSecret == null || previousSecret.isBlank() ? null : previousSecret;
            ttl = ttl == null ? Duration.ofHours(24) : ttl;
            if (ttl.compareTo(ExposureTokens.MIN_TTL) < 0 || ttl.compareTo(ExposureTokens.MAX_TTL) > 0) {
                throw new IllegalArgumentException("ep.assignment.exposure-token.ttl (EP_EXPOSURE_TOKEN_TTL) is " + ttl
                        + "; it must be between " + ExposureTokens.MIN_TTL + " and " + ExposureTokens.MAX_TTL);
            }
            if (secret != null) {
                TokenKey.parse(secret, "ep.assignment.exposure-token.secret (EP_EXPOSURE_TOKEN_SECRET)");
            }
            if (previousSecret != null) {
                TokenKey.parse(previousSecret,
                        "ep.assignment.exposure-token.previous-secret (EP_EXPOSURE_TOKEN_PREVIOUS_SECRET)");
            }
        }

        /** The configured key, if any. */
        public TokenKey key() {
            return secret == null ? null : TokenKey.parse(secret, "secret");
        }

        /** The previous key, if any. */
        public TokenKey previousKey() {
            return previousSecret == null ? null : TokenKey.parse(previousSecret, "previous secret");
        }

        @Override
        public String toString() {
            return "ExposureToken[secret=" + (secret == null ? "generated" : "***") + ", previousSecret="
                    + (previousSecret == null ? "none" : "***") + ", ttl=" + ttl + "]";
        }
    }

    public AssignmentProperties {
        dataDir = dataDir == null ? Path.of(".ep-data", "assignment-service") : dataDir;
        catchUpGrace = catchUpGrace == null ? Duration.ofSeconds(10) : catchUpGrace;
        apiKeyHashes = apiKeyHashes == null ? List.of()
                : apiKeyHashes.stream().filter(h -> h != null && !h.isBlank()).map(String::trim).toList();
        queueCapacity = queueCapacity <= 0 ? 10_000 : queueCapacity;
        fsyncInterval = fsyncInterval == null ? Duration.ofMillis(50) : fsyncInterval;
        segmentBytes = segmentBytes <= 0 ? 16L * 1024 * 1024 : segmentBytes;
        journalMaxBytes = journalMaxBytes <= 0 ? 1024L * 1024 * 1024 : journalMaxBytes;
        eventPartitions = eventPartitions <= 0 ? 6 : eventPartitions;
        maxEventBatch = maxEventBatch <= 0 ? 500 : maxEventBatch;
        maxEventBodyBytes = maxEventBodyBytes <= 0 ? 1024 * 1024 : maxEventBodyBytes;
        maxBodyBytes = maxBodyBytes <= 0 ? 64 * 1024 : maxBodyBytes;
        eventMaxAge = eventMaxAge == null ? Duration.ofDays(7) : eventMaxAge;
        eventMaxFuture = eventMaxFuture == null ? Duration.ofMinutes(5) : eventMaxFuture;
        reportingCurrency = reportingCurrency == null || reportingCurrency.isBlank() ? "EUR" : reportingCurrency;
        if (!isIsoCurrency(reportingCurrency)) {
            throw new IllegalArgumentException("ep.assignment.reporting-currency (EP_REPORTING_CURRENCY) '"
                    + reportingCurrency + "' is not an upper-case ISO 4217 currency code such as EUR or USD");
        }
        exposureToken = exposureToken == null ? new ExposureToken(null, null, null) : exposureToken;
    }

    /** Whether {@code /v1/explain} is served: with an API key configured (which it then needs), or when enabled. */
    public boolean explainServed() {
        return explainEnabled || !apiKeyHashes.isEmpty();
    }

    /** Three upper-case letters that {@link Currency} knows. */
    public static boolean isIsoCurrency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
