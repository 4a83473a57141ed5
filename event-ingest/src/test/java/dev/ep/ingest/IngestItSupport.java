package dev.ep.ingest;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TestPlatformProperties;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties of a Spring Boot IT: its own database, unique topics and group, fast polling. */
public final class IngestItSupport {

    private IngestItSupport() {
    }

    /** Registers everything; returns the topic names used (assignments, coverage, events, dead letter). */
    public static Topics register(DynamicPropertyRegistry registry, Database database) {
        Topics topics = new Topics(TestPlatform.uniqueTopic("ep.assignments"), TestPlatform.uniqueTopic("ep.coverage"),
                TestPlatform.uniqueTopic("ep.events"), TestPlatform.uniqueTopic("ep.dlt.event-ingest"));
        TestPlatformProperties.register(registry, database);
        TestPlatformProperties.schemaRegistry(registry);
        registry.add("ep.ingest.topics.assignments", topics::assignments);
        registry.add("ep.ingest.topics.coverage", topics::coverage);
        registry.add("ep.ingest.topics.events", topics::events);
        registry.add("ep.ingest.topics.dead-letter", topics::deadLetter);
        registry.add("spring.kafka.consumer.group-id", () -> "event-ingest-" + EventFixtures.id());
        registry.add("ep.kafka.event-partitions", () -> "3");
        registry.add("ep.ingest.poll-timeout", () -> "100ms");
        return topics;
    }

    /** Topic names of one IT. */
    public record Topics(String assignments, String coverage, String events, String deadLetter) {
    }
}
