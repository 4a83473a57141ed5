package dev.ep.config.support;

import dev.ep.testsupport.TestPlatform;

/** A pair of config topics of one test class (created by the service's provisioner at start). */
public record ConfigTopics(String changes, String experiments) {

    public static ConfigTopics unique() {
        return new ConfigTopics(TestPlatform.uniqueTopic("ep.config.changes"),
                TestPlatform.uniqueTopic("ep.config.experiments"));
    }
}
