package dev.ep.reporting.reconcile;

import dev.ep.ingest.EventIngestApplication;
import dev.ep.reporting.ReportingInstance.Deployment;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real event-ingest (its loader, Flyway migrations and tables) as a Spring context in the test JVM, reading the
 * deployment's event topics into a database of its own. Both services have an {@code application.yml} at the root
 * of their classpath; event-ingest's is taken from its own jar (or classes directory) and named explicitly.
 */
final class IngestInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private IngestInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static IngestInstance start(Deployment d, Database db) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.config.location", ingestApplicationYml().toUri().toString());
        p.put("server.port", "0");
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
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new IngestInstance(new SpringApplicationBuilder(EventIngestApplication.class).run(args));
    }

    private static Path ingestApplicationYml() {
        URL location = EventIngestApplication.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader own = new URLClassLoader(new URL[] {location}, null);
             InputStream in = own.getResourceAsStream("application.yml")) {
            if (in == null) {
                throw new IllegalStateException("no application.yml in " + location);
            }
            Path copy = Files.createTempFile("event-ingest-application", ".yml");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
