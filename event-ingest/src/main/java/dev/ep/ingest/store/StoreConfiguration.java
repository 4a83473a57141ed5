package dev.ep.ingest.store;

import dev.ep.ingest.IngestProperties;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;

/** PostgreSQL side: partitions, their scheduled maintenance and the batch store. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

    /** Migrations wait for PostgreSQL instead of failing start-up (see {@link SchemaMigration}). */
    @Bean(destroyMethod = "close")
    SchemaMigration schemaMigration(IngestProperties properties, Clock clock) {
        return new SchemaMigration(properties.backoff().initial(), properties.backoff().max(), clock);
    }

    @Bean
    FlywayMigrationStrategy migrateWhenPostgresAnswers(SchemaMigration migration) {
        return flyway -> migration.migrateAtStart(flyway, Flyway::migrate);
    }

    @Bean
    PartitionManager partitionManager(DataSource dataSource, JdbcTemplate migrated) {
        // JdbcTemplate is only asked for so that Flyway has migrated before partitions are touched.
        return new PartitionManager(dataSource);
    }

    @Bean
    PartitionMaintenance partitionMaintenance(PartitionManager partitions, Clock clock, IngestProperties properties,
                                              TaskScheduler scheduler,
                                              @Value("${ep.ingest.archive.directory:}") String archiveDirectory) {
        IngestProperties.Partitions settings = properties.partitions();
        // with the archive on, only the archive job drops partitions (after archiving them): README "Archive"
        PartitionMaintenance maintenance = new PartitionMaintenance(partitions, clock, settings.daysAhead(),
                settings.retentionDays(), !archiveDirectory.isBlank());
        scheduler.scheduleWithFixedDelay(maintenance::run, Instant.now().plus(settings.maintenanceInterval()),
                settings.maintenanceInterval());
        return maintenance;
    }

    @Bean
    EventStore eventStore(DataSource dataSource, PartitionManager partitions, IngestProperties properties) {
        return new EventStore(dataSource, partitions, properties.writeMethod(), properties.insertRowsPerStatement());
    }
}
