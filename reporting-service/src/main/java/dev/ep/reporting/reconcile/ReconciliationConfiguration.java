package dev.ep.reporting.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import dev.ep.reporting.stream.ConfigSnapshot;
import dev.ep.reporting.stream.ConfigView;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The read-only pool on event-ingest's database, when one is configured, and the scheduled reconciliation. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({IngestDatabaseProperties.class, ReconcileJobProperties.class})
class ReconciliationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationConfiguration.class);

    @Bean
    ReconciliationRuns reconciliationRuns(JdbcTemplate jdbc) {
        return new ReconciliationRuns(jdbc);
    }

    /** The job; its schedule does nothing when event-ingest's database is not configured. */
    @Bean
    ReconciliationJob reconciliationJob(ReconciliationService service, ConfigView config, ReconciliationRuns runs,
                                        MeterRegistry meters, ReconcileJobProperties properties, IngestPool pool) {
        String instance = properties.instanceId() + "/" + UUID.randomUUID();
        if (pool.query().isPresent()) {
            log.info("Scheduled reconciliation on: every running experiment every {} (instance {})",
                    properties.interval(), instance);
            return new ReconciliationJob(id -> service.reconcile(id, Optional.empty()), config::get, runs, meters,
                    Clock.systemUTC(), properties.interval(), properties.retention(), instance);
        }
        log.info("Scheduled reconciliation off: no event-ingest database (EP_REPORTING_INGEST_POSTGRES_URL)");
        return new ReconciliationJob(id -> service.reconcile(id, Optional.empty()), () -> ConfigSnapshot.EMPTY,
                runs, meters, Clock.systemUTC(), properties.interval(), properties.retention(), instance);
    }

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
