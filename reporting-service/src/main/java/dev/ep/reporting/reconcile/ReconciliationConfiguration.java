package dev.ep.reporting.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The read-only pool on event-ingest's database, when one is configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestDatabaseProperties.class)
class ReconciliationConfiguration {

    /** Not a {@code DataSource} bean, so that nothing else of the service mistakes it for its own database. */
    @Bean(destroyMethod = "close")
    IngestPool ingestPool(IngestDatabaseProperties properties) {
        if (!properties.configured()) {
            return new IngestPool(Optional.empty(), null);
        }
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("ingest-readonly");
        pool.setJdbcUrl(properties.url());
        pool.setUsername(properties.username());
        pool.setPassword(properties.password());
        pool.setReadOnly(true);
        pool.setMaximumPoolSize(properties.maxPoolSize());
        pool.setMinimumIdle(0);
        // Start even while the database is away; reconciliation answers 503 until it is back.
        pool.setInitializationFailTimeout(-1);
        pool.setConnectionTimeout(5_000);
        return new IngestPool(Optional.of(new IngestQuery(pool)), pool);
    }

    /** The query, if configured, and the pool to close. */
    record IngestPool(Optional<IngestQuery> query, HikariDataSource pool) implements AutoCloseable {
        @Override
        public void close() {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
