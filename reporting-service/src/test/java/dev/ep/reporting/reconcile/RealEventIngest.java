package dev.ep.reporting.reconcile;

import dev.ep.ingest.EventIngestApplication;
import dev.ep.reporting.ReportingInstance.Deployment;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.ServiceInstance;
import dev.ep.testsupport.TestPlatform;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The real event-ingest (its loader, Flyway migrations and tables) in the test JVM (test-support's
 * {@link ServiceInstance}), reading the deployment's event topics into a database of its own.
 */
final class RealEventIngest {

    private RealEventIngest() {
    }

    static ServiceInstance start(Deployment d, Database db) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("spring.kafka.bootstrap-servers", TestPlatform.kafka().bootstrapServers());
        p.put("spring.kafka.properties.schema.registry.url", TestPlatform.registry().url());
        p.put("ep.schema-registry.url", TestPlatform.registry().url());
        p.put("spring.kafka.consumer.group-id", "event-ingest-" + UUID.randomUUID());
        p.put("ep.kafka.event-partitions", "2");
        p.put("ep.ingest.topics.coverage", d.coverage());
        p.put("ep.ingest.topics.events", d.events());
        p.put("ep.ingest.topics.assignments", d.assignments());
        p.put("ep.ingest.topics.dead-letter", TestPlatform.uniqueTopic("ep.dlt.event-ingest"));
        p.put("ep.ingest.poll-timeout", "100ms");
        p.put("ep.ingest.security.dev-tokens", "true");
        return ServiceInstance.start("event-ingest", EventIngestApplication.class, p);
    }
}
