package dev.ep.ingest;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TestPlatformProperties;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Properties of an event-ingest Spring Boot IT: unique topics and consumer group, fast polling, and a database
 * (a fresh one on the shared test server, or a server the test stops and starts itself).
 */
public final class IngestItSupport {

    private IngestItSupport() {
    }

    /** A fresh database on the shared server, unique topics, three event partitions. */
    public static Topics register(DynamicPropertyRegistry registry, Database database) {
        Topics topics = Topics.unique();
        TestPlatformProperties.register(registry, database);
        TestPlatformProperties.schemaRegistry(registry);
        registerTopics(registry, topics);
        registry.add("ep.kafka.event-partitions", () -> "3");
        return topics;
    }

    /** A database server of the test's own (one it stops and starts), unique topics, three event partitions. */
    public static Topics register(DynamicPropertyRegistry registry, StoppablePostgres postgres) {
        Topics topics = Topics.unique();
        TestPlatformProperties.kafka(registry);
        TestPlatformProperties.schemaRegistry(registry);
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registerTopics(registry, topics);
        registry.add("ep.kafka.event-partitions", () -> "3");
        return topics;
    }

    /** The service's topics, its consumer group and a short poll timeout (each test adds what it tunes). */
    public static void registerTopics(DynamicPropertyRegistry registry, Topics topics) {
        registry.add("ep.ingest.topics.assignments", topics::assignments);
        registry.add("ep.ingest.topics.coverage", topics::coverage);
        registry.add("ep.ingest.topics.events", topics::events);
        registry.add("ep.ingest.topics.dead-letter", topics::deadLetter);
        registry.add("spring.kafka.consumer.group-id", topics::group);
        registry.add("ep.ingest.poll-timeout", () -> "100ms");
    }

    /** Creates topics of one partition each on the test broker (for tests that turn the service's provisioning off). */
    public static void createTopics(String... names) {
        try (Admin admin = admin()) {
            admin.createTopics(Arrays.stream(names).map(name -> new NewTopic(name, 1, (short) 1)).toList()).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create " + Arrays.toString(names), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An admin client of the test broker; the caller closes it. */
    public static Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", TestPlatform.kafka().bootstrapServers()));
    }

    /** Topic names and the consumer group of one IT. */
    public record Topics(String assignments, String coverage, String events, String deadLetter, String group) {

        static Topics unique() {
            return new Topics(TestPlatform.uniqueTopic("ep.assignments"), TestPlatform.uniqueTopic("ep.coverage"),
                    TestPlatform.uniqueTopic("ep.events"), TestPlatform.uniqueTopic("ep.dlt.event-ingest"),
                    "event-ingest-" + EventFixtures.id());
        }
    }
}
