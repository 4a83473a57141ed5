package dev.ep.config.support;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ep.config.ConfigServiceApplication;
import dev.ep.config.store.ConfigStore;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole config-service started in-process on a free port against the test platform: one database and one pair of
 * config topics per test class, so several instances can share them (a restarted service, a second instance).
 */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** With the development tokens enabled, as the local platform runs it. */
    public static ServiceInstance start(Database db, ConfigTopics topics, boolean relay) {
        return start(db, topics, relay, Map.of("ep.config.security.dev-tokens", "true"));
    }

    /** With {@code settings} on top (e.g. no development tokens, configured token hashes). */
    public static ServiceInstance start(Database db, ConfigTopics topics, boolean relay, Map<String, String> settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("spring.datasource.url", db.jdbcUrl());
        p.put("spring.datasource.username", db.username());
        p.put("spring.datasource.password", db.password());
        p.put("spring.kafka.bootstrap-servers", TestPlatform.kafka().bootstrapServers());
        p.put("spring.kafka.properties.schema.registry.url", TestPlatform.registry().url());
        p.put("ep.config.relay.enabled", Boolean.toString(relay));
        p.putAll(settings);
        p.put("ep.config.relay.changes-topic", topics.changes());
        p.put("ep.config.relay.experiments-topic", topics.experiments());
        // as command-line arguments, which win over application.yml (builder properties would not)
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new ServiceInstance(new SpringApplicationBuilder(ConfigServiceApplication.class).run(args));
    }

    public ConfigStore store() {
        return context.getBean(ConfigStore.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        context.close();
    }
}
