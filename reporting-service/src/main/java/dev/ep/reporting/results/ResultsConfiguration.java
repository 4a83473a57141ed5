package dev.ep.reporting.results;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The results feature: snapshot settings and the snapshot schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(SnapshotProperties.class)
class ResultsConfiguration {
}
