package dev.ep.reporting;

import dev.ep.access.DevTokens;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * One reporting-service instance on the shared test broker and registry, started and stopped by the test so that a
 * test can restart it or run two side by side.
 */
public final class ReportingInstance implements AutoCloseable {

    /** One deployment's topics and application id: unique per test, shared by its instances. */
    public record Deployment(String applicationId, String coverage, String events, String assignments, String config,
                             String results, String deadLetters, Database database) {

        public static Deployment unique() {
            return new Deployment("ep-reporting-" + UUID.randomUUID().toString().substring(0, 8),
                    TestPlatform.uniqueTopic("ep.coverage"), TestPlatform.uniqueTopic("ep.events"),
                    TestPlatform.uniqueTopic("ep.assignments"), TestPlatform.uniqueTopic("ep.config.experiments"),
                    TestPlatform.uniqueTopic("ep.results"), TestPlatform.uniqueTopic("ep.dlt.reporting-service"),
                    TestPlatform.postgres().newDatabase("reporting"));
        }
    }

    private final ConfigurableApplicationContext context;
    private final Path stateDir;

    private ReportingInstance(ConfigurableApplicationContext context, Path stateDir) {
        this.context = context;
        this.stateDir = stateDir;
    }

    public static ReportingInstance start(Deployment d) {
        try {
            return start(d, Files.createTempDirectory("ep-reporting-state"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts an instance with this state directory (reuse one to restart with the local state kept). */
    public static ReportingInstance start(Deployment d, Path stateDir) {
        return start(d, stateDir, Map.of());
    }

    /** Starts an instance with these settings on top of the deployment's (e.g. event-ingest's database). */
    public static ReportingInstance start(Deployment d, Path stateDir, Map<String, Object> extra) {
        Map<String, Object> p = properties(d, stateDir);
        p.putAll(extra);
        // As command-line arguments: they win over application.yml (builder properties would be mere defaults).
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ReportingServiceApplication.class)
                .run(args);
        return new ReportingInstance(context, stateDir);
    }

    /** The settings of an instance of this deployment on the test platform (also for {@code @SpringBootTest}s). */
    public static Map<String, Object> properties(Deployment d, Path stateDir) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("ep.reporting.security.dev-tokens", "true");
        p.put("spring.datasource.url", d.database().jdbcUrl());
        p.put("spring.datasource.username", d.database().username());
        p.put("spring.datasource.password", d.database().password());
        p.put("ep.reporting.snapshots.interval", "1s");
        p.put("spring.kafka.bootstrap-servers", TestPlatform.kafka().bootstrapServers());
        p.put("spring.kafka.properties.schema.registry.url", TestPlatform.registry().url());
        p.put("spring.kafka.properties.auto.register.schemas", "true");
        p.put("spring.kafka.streams.application-id", d.applicationId());
        p.put("spring.kafka.streams.state-dir", stateDir.toString());
        p.put("ep.kafka.event-partitions", "2");
        p.put("ep.reporting.topics.coverage", d.coverage());
        p.put("ep.reporting.topics.events", d.events());
        p.put("ep.reporting.topics.assignments", d.assignments());
        p.put("ep.reporting.topics.config", d.config());
        p.put("ep.reporting.topics.results", d.results());
        p.put("ep.reporting.topics.dead-letters", d.deadLetters());
        return p;
    }

    public Path stateDir() {
        return stateDir;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** HTTP to the instance as a viewer (the development viewer token). */
    public RestClient http() {
        return RestClient.builder().baseUrl(baseUrl())
                .defaultHeader("Authorization", "Bearer " + DevTokens.VIEWER).build();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getBean(name, type);
    }

    @Override
    public void close() {
        context.close();
    }
}
