package dev.ep.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The registry started inside the calling JVM, for tests and tools: a real HTTP server on a free port of
 * 127.0.0.1 over the given PostgreSQL database (migrated by Flyway on start).
 *
 * <p>It reads no {@code application.yml}: every setting is passed as a command-line argument, which outranks
 * system properties and environment variables, and {@code spring.config.name} names a file that does not exist.
 * So the host's own configuration (a service's application.yml, SPRING_* variables) never leaks in. The host's
 * classpath still does: Kafka and security auto-configurations found on it are excluded by name, so the registry
 * needs no broker and Spring Security asks for no credentials (the registry's own write authentication stays). Every
 * caller chooses the access explicitly: {@link #start(String, String, String, String)} with a writer's credentials,
 * or {@link #startWithAnonymousWrites(String, String, String)}. test-support starts it by reflection, through
 * {@link #startWithAnonymousWrites(String, String, String)}, {@link #url()} and {@link #close()} only.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final String url;

    private EmbeddedSchemaRegistry(ConfigurableApplicationContext context, String url) {
        this.context = context;
        this.url = url;
    }

    /**
     * Starts a registry on a free port whose writes need basic auth as {@code writerUserInfo} ({@code user:password},
     * what a client passes as {@code basic.auth.user.info}); returns once it serves requests.
     */
    public static EmbeddedSchemaRegistry start(String jdbcUrl, String username, String password,
            String writerUserInfo) {
        Objects.requireNonNull(writerUserInfo, "writerUserInfo");
        return start(jdbcUrl, username, password, Map.of("registry.auth.writer-user-info", writerUserInfo));
    }

    /**
     * Starts a registry on a free port that lets anyone write: the development switch
     * ({@code registry.auth.allow-anonymous-writes=true}), for tests about something else than access. Returns once it
     * serves requests.
     */
    public static EmbeddedSchemaRegistry startWithAnonymousWrites(String jdbcUrl, String username, String password) {
        return start(jdbcUrl, username, password, Map.of("registry.auth.allow-anonymous-writes", "true"));
    }

    /**
     * Starts a registry on a free port with the given {@code registry.*} settings on top of the defaults (for instance
     * {@code registry.auth.writers} or {@code registry.limits.max-request-size}); returns once it serves requests.
     */
    public static EmbeddedSchemaRegistry start(String jdbcUrl, String username, String password,
            Map<String, String> registrySettings) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", "ep-embedded-schema-registry-reads-no-config-file");
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.application.name", "schema-registry-embedded");
        properties.put("spring.jmx.enabled", "false");
        properties.put("spring.docker.compose.enabled", "false");
        properties.put("spring.web.resources.add-mappings", "false");
        properties.put("spring.mvc.formcontent.filter.enabled", "false");
        properties.put("spring.servlet.multipart.enabled", "false"); // as application.yml: multipart is a 415, not a 500
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", "0");
        properties.put("server.tomcat.processor-cache", "0"); // as application.yml: no stale HTTP/0.9 processor
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", username == null ? "" : username);
        properties.put("spring.datasource.password", password == null ? "" : password);
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        properties.put("spring.flyway.enabled", "true");
        properties.put("spring.flyway.locations", "classpath:db/registry");
        properties.put("spring.flyway.table", "registry_flyway_history");
        properties.put("spring.flyway.baseline-on-migrate", "true");
        properties.put("spring.flyway.baseline-version", "0");
        properties.put("registry.default-compatibility", "BACKWARD");
        // Every registry.* setting gets a value here, so none can leak in from the host.
        properties.put("registry.auth.writers", "");
        properties.put("registry.auth.writer-user-info", "");
        properties.put("registry.auth.allow-anonymous-writes", "false");
        properties.put("registry.limits.max-request-size", "1MB");
        properties.put("management.endpoints.web.exposure.include", "health");
        registrySettings.forEach((key, value) -> {
            if (!key.startsWith("registry.")) {
                throw new IllegalArgumentException("only registry.* settings can be given, not " + key);
            }
            properties.put(key, value);
        });
        List<String> excluded = foreignAutoConfigurations();
        if (!excluded.isEmpty()) {
            properties.put("spring.autoconfigure.exclude", String.join(",", excluded));
        }

        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SchemaRegistryApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .registerShutdownHook(true)
                .run(args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return new EmbeddedSchemaRegistry(context, "http://127.0.0.1:" + port);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234}, for {@code schema.registry.url}. */
    public String url() {
        return url;
    }

    @Override
    public void close() {
        context.close();
    }

    /**
     * Auto-configurations a host module may bring that the registry must not run: Kafka (it would want a broker)
     * and security (it would lock the API). Read from the classpath so that nothing here depends on them.
     */
    private static List<String> foreignAutoConfigurations() {
        ClassLoader loader = EmbeddedSchemaRegistry.class.getClassLoader();
        List<String> excluded = new ArrayList<>();
        for (String candidate : ImportCandidates.load(AutoConfiguration.class, loader)) {
            if (candidate.contains(".kafka.") || candidate.contains(".security.")) {
                excluded.add(candidate);
            }
        }
        return excluded;
    }
}
