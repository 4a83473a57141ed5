package dev.ep.reporting.guardrail;

import dev.ep.config.ConfigServiceApplication;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.ServiceInstance;
import dev.ep.testsupport.TestPlatform;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real config-service in the test JVM (test-support's {@link ServiceInstance}), publishing to the deployment's
 * configuration topic, with its development tokens and reporting-service's token (hash) configured.
 */
final class RealConfigService {

    private RealConfigService() {
    }

    static ServiceInstance start(Database db, String experimentsTopic, String changesTopic,
                                 String reportingTokenSha256) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("spring.kafka.bootstrap-servers", TestPlatform.kafka().bootstrapServers());
        p.put("spring.kafka.properties.schema.registry.url", TestPlatform.registry().url());
        p.put("ep.schema-registry.url", TestPlatform.registry().url());
        p.put("ep.config.security.dev-tokens", "true");
        p.put("EP_CONFIG_REPORTING_TOKEN_SHA256", reportingTokenSha256);
        p.put("ep.config.relay.enabled", "true");
        p.put("ep.config.relay.changes-topic", changesTopic);
        p.put("ep.config.relay.experiments-topic", experimentsTopic);
        return ServiceInstance.start("config-service", ConfigServiceApplication.class, p);
    }
}
