package dev.ep.reporting.reconcile;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Event-ingest's PostgreSQL, read by reconciliation only (a read-only pool).
 *
 * @param url JDBC URL of event-ingest's database; blank = reconciliation off (the endpoint answers 503)
 * @param username a user that may SELECT from its tables (a read-only role is enough)
 * @param password that user's password
 * @param maxPoolSize connections at most (one reconciliation uses one)
 */
@Validated
@ConfigurationProperties("ep.reporting.ingest")
public record IngestDatabaseProperties(String url, String username, String password,
                                       @Min(1) @Max(16) int maxPoolSize) {

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
