package dev.ep.config.support;

import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import dev.ep.testsupport.TestPlatformProperties;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A pair of config topics of one test class (created by the service's provisioner at start). */
public record ConfigTopics(String changes, String experiments) {

    public static ConfigTopics unique() {
        return new ConfigTopics(TestPlatform.uniqueTopic("ep.config.changes"),
                TestPlatform.uniqueTopic("ep.config.experiments"));
    }

    /**
     * The properties of a {@code @SpringBootTest} of config-service: its database, the registry and a new pair of
     * topics, fixed once (a supplier that made a new name on every read would give the relay and a test's reader two
     * different topics).
     */
    public static ConfigTopics register(DynamicPropertyRegistry registry, Database database) {
        ConfigTopics topics = unique();
        TestPlatformProperties.register(registry, database);
        TestPlatformProperties.schemaRegistry(registry);
        registry.add("ep.config.relay.changes-topic", topics::changes);
        registry.add("ep.config.relay.experiments-topic", topics::experiments);
        return topics;
    }
}
