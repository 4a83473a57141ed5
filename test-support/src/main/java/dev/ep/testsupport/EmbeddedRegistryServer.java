package dev.ep.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's own schema registry started in this JVM through {@code dev.ep.registry.EmbeddedSchemaRegistry}.
 * Reached by reflection because schema-registry's tests depend on test-support; a compile dependency the other
 * way round would be a Maven cycle.
 *
 * <p>It runs with the registry's development switch on: anyone may write. It is the shared fixture of every service
 * test that produces Avro (many with plain Kafka clients configured with {@code schema.registry.url} only), not a
 * test of the registry's access rules; those run against registries of their own in schema-registry's tests. The
 * start is logged saying so.
 */
final class EmbeddedRegistryServer implements RegistryServer {

    static final String REGISTRY_CLASS = "dev.ep.registry.EmbeddedSchemaRegistry";
    static final String START_METHOD = "startWithAnonymousWrites";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistryServer.class);

    private final Object registry;
    private final String url;
    private final Method close;

    private EmbeddedRegistryServer(Object registry, String url, Method close) {
        this.registry = registry;
        this.url = url;
        this.close = close;
    }

    static EmbeddedRegistryServer start(Supplier<Database> freshDatabase) {
        Class<?> type = loadRegistryClass();
        Database database = freshDatabase.get();
        try {
            Method start = type.getMethod(START_METHOD, String.class, String.class, String.class);
            Object registry = start.invoke(null, database.jdbcUrl(), database.username(), database.password());
            String url = (String) type.getMethod("url").invoke(registry);
            log.info("test platform: schema registry at {} accepts writes from anyone (the registry's development"
                    + " switch; its access rules are tested in schema-registry)", url);
            return new EmbeddedRegistryServer(registry, url, type.getMethod("close"));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the embedded schema registry failed to start on " + database
                    + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(REGISTRY_CLASS + " does not offer the expected static " + START_METHOD
                    + "(String, String, String), url() and close(): " + e, e);
        }
    }

    private static Class<?> loadRegistryClass() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(REGISTRY_CLASS, true, loader != null ? loader : EmbeddedRegistryServer.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("TestPlatform.registry() needs the schema registry on the test classpath:"
                    + " add the dependency dev.ep:schema-registry with <scope>test</scope> to this module's pom", e);
        }
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() {
        try {
            close.invoke(registry);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the embedded schema registry failed to stop: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "embedded schema registry at " + url;
    }
}
