package dev.ep.reporting.guardrail;

import dev.ep.config.ConfigServiceApplication;
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
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real config-service as a Spring context in the test JVM, publishing to the deployment's configuration topic,
 * with its development tokens and reporting-service's token (hash) configured. Its {@code application.yml} is taken
 * from its own jar (both services have one at the classpath root).
 */
final class ConfigServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ConfigServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static ConfigServiceInstance start(Database db, String experimentsTopic, String changesTopic,
                                       String reportingTokenSha256) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.config.location", applicationYml().toUri().toString());
        p.put("server.port", "0");
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
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new ConfigServiceInstance(new SpringApplicationBuilder(ConfigServiceApplication.class).run(args));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static Path applicationYml() {
        URL location = ConfigServiceApplication.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader own = new URLClassLoader(new URL[] {location}, null);
             InputStream in = own.getResourceAsStream("application.yml")) {
            if (in == null) {
                throw new IllegalStateException("no application.yml in " + location);
            }
            Path copy = Files.createTempFile("config-service-application", ".yml");
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
