package dev.ep.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * A real service of the platform as a Spring context in the test JVM, on a free port. Each service's
 * {@code application.yml} is read from its own jar (every service has one at the classpath root, so the classpath
 * alone would give the first one found to all). Settings go in as command-line arguments, so they win over the file.
 * Needs Spring Boot and its web server module on the caller's test classpath (every service brings them).
 */
public final class ServiceInstance implements AutoCloseable {

    private final String name;
    private final ConfigurableApplicationContext context;

    private ServiceInstance(String name, ConfigurableApplicationContext context) {
        this.name = name;
        this.context = context;
    }

    public static ServiceInstance start(String name, Class<?> application, Map<String, Object> settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.config.location", applicationYml(application).toUri().toString());
        p.put("server.port", "0");
        p.putAll(settings);
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new ServiceInstance(name, new SpringApplicationBuilder(application).run(args));
    }

    /** The running application's context, for its beans. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static Path applicationYml(Class<?> application) {
        URL location = application.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader own = new URLClassLoader(new URL[] {location}, null);
             InputStream in = own.getResourceAsStream("application.yml")) {
            if (in == null) {
                throw new IllegalStateException("no application.yml in " + location);
            }
            Path copy = Files.createTempFile(application.getSimpleName() + "-application", ".yml");
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

    @Override
    public String toString() {
        return name + " at " + baseUri();
    }
}
