package dev.ep.ingest.archive;

import dev.ep.ingest.store.PartitionManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;

/** The archive job (scheduled when {@code EP_INGEST_ARCHIVE_DIR} is set) and the history report. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveProperties.class)
class ArchiveConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveConfiguration.class);

    @Bean
    ArchiveJob archiveJob(ArchiveProperties properties, DataSource dataSource, PartitionManager partitions,
                          Clock clock, TaskScheduler scheduler) {
        if (!properties.enabled()) {
            LOG.info("Archive: off (EP_INGEST_ARCHIVE_DIR is not set); retention alone drops partitions");
            return new ArchiveJob(Optional.empty());
        }
        PartitionArchiver archiver = new PartitionArchiver(dataSource, partitions, properties.settings(), clock,
                ArchiveStep.Hook.NONE);
        ArchiveJob job = new ArchiveJob(Optional.of(archiver));
        LOG.info("Archive: days older than {} day(s) go to {} every {} (keep {})", properties.afterDays(),
                archiver.layout().root(), properties.interval(),
                properties.keepDays() == 0 ? "for ever" : properties.keepDays() + " days");
        scheduler.scheduleWithFixedDelay(job::runScheduled, Instant.now().plus(properties.initialDelay()),
                properties.interval());
        return job;
    }

    @Bean
    HistoryQuery historyQuery(ArchiveProperties properties, DataSource dataSource) {
        ArchiveLayout layout = properties.enabled() ? new ArchiveLayout(Path.of(properties.directory())) : null;
        Path spill = layout != null ? layout.root().resolve(".duckdb-spill")
                : Path.of(System.getProperty("java.io.tmpdir"), "ep-ingest-history-spill");
        return new HistoryQuery(dataSource, layout, properties.duckMemoryLimit(), properties.duckThreads(),
                properties.historyMaxDays(), properties.historyMaxRows(), spill);
    }
}
