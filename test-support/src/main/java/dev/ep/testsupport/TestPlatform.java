package dev.ep.testsupport;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers every integration test runs against, started once per test JVM, each on first use, and
 * stopped by a JVM shutdown hook (in reverse start order, so the registry stops before its database).
 *
 * <pre>{@code
 * Database db = TestPlatform.postgres().newDatabase("orders");   // fresh database per caller
 * String bootstrap = TestPlatform.kafka().bootstrapServers();    // KRaft broker, no topic auto-creation
 * String topic = TestPlatform.uniqueTopic("ep.events");           // ep.events-1a2b3c4d
 * String registryUrl = TestPlatform.registry().url();            // needs dev.ep:schema-registry on the test classpath
 * }</pre>
 *
 * Which servers run is decided by {@link PlatformSettings} ({@code EP_TEST_INFRA}, {@code EP_TEST_POSTGRES_URL}...).
 * Tests share the servers, never a database or a topic: ask for your own with {@code newDatabase} and
 * {@code uniqueTopic}.
 */
public final class TestPlatform {

    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_TOPIC_LENGTH = 249;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Resources resources;

    private TestPlatform() {
    }

    /** The Kafka broker, started on first call. */
    public static KafkaServer kafka() {
        return resources().kafka.get();
    }

    /** The PostgreSQL server, started (or connected to) on first call; ask it for a database of your own. */
    public static PostgresServer postgres() {
        return resources().postgres.get();
    }

    /**
     * The schema registry, started on first call in this JVM with a database of its own. Requires
     * {@code dev.ep:schema-registry} as a test dependency of the calling module; fails with a message saying so
     * otherwise.
     */
    public static RegistryServer registry() {
        return resources().registry.get();
    }

    /** Settings are read on first use, so a bad setting fails the tests that need a server, not class loading. */
    private static synchronized Resources resources() {
        if (resources == null) {
            resources = new Resources(Infrastructure.select(PlatformSettings.fromEnvironment()));
        }
        return resources;
    }

    /** {@code base + "-" + 8 random hex digits}: a topic name no other test uses. Does not create the topic. */
    public static String uniqueTopic(String base) {
        String name = base + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt());
        if (base == null || base.isEmpty() || !LEGAL_TOPIC.matcher(base).matches() || name.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("not usable as a Kafka topic name base: '" + base
                    + "' (letters, digits, '.', '_', '-'; at most " + (MAX_TOPIC_LENGTH - 9) + " characters)");
        }
        return name;
    }

    /** The started servers, and the shutdown hook that stops them. */
    private static final class Resources {

        private static final Logger log = LoggerFactory.getLogger(TestPlatform.class);
        private static final Set<String> SPRING_HOOK_THREADS =
                Set.of("SpringApplicationShutdownHook", "SpringContextShutdownHook");
        private static final Duration SPRING_HOOK_WAIT = Duration.ofSeconds(30);

        private final Deque<AutoCloseable> started = new ArrayDeque<>();
        private final Lazy<KafkaServer> kafka;
        private final Lazy<PostgresServer> postgres;
        private final Lazy<RegistryServer> registry;

        Resources(Infrastructure infrastructure) {
            kafka = new Lazy<>("Kafka", infrastructure::startKafka);
            postgres = new Lazy<>("PostgreSQL", infrastructure::startPostgres);
            registry = new Lazy<>("schema registry",
                    () -> infrastructure.startRegistry(() -> postgres.get().newDatabase("schema_registry")));
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "ep-test-platform-shutdown"));
        }

        private synchronized void onStarted(AutoCloseable resource) {
            started.push(resource);
        }

        private synchronized void stopAll() {
            awaitSpringShutdownHooks();
            while (!started.isEmpty()) {
                AutoCloseable resource = started.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    // The JVM is exiting: report and carry on stopping the others.
                    System.err.println("[test-platform] stopping " + resource + " failed: " + e);
                }
            }
        }

        /**
         * Spring test contexts close in their own shutdown hooks, which the JVM runs concurrently with this one.
         * Letting them finish first means their Kafka consumers leave their groups and their connection pools
         * close while the servers are still up, instead of retrying against a stopped broker until timeouts.
         */
        private static void awaitSpringShutdownHooks() {
            long deadline = System.nanoTime() + SPRING_HOOK_WAIT.toNanos();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread != Thread.currentThread() && SPRING_HOOK_THREADS.contains(thread.getName())) {
                    long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
                    if (remainingMillis <= 0) {
                        return;
                    }
                    try {
                        thread.join(remainingMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** Starts a server once; a failed start is remembered so later tests fail fast with the same cause. */
        private final class Lazy<T extends AutoCloseable> {

            private final String name;
            private final Supplier<T> starter;
            private T value;
            private RuntimeException failure;

            Lazy(String name, Supplier<T> starter) {
                this.name = name;
                this.starter = starter;
            }

            synchronized T get() {
                if (value != null) {
                    return value;
                }
                if (failure != null) {
                    throw new IllegalStateException(name + " for tests failed to start earlier in this JVM: "
                            + failure.getMessage(), failure);
                }
                long begin = System.nanoTime();
                try {
                    value = starter.get();
                } catch (RuntimeException e) {
                    failure = e;
                    throw e;
                }
                onStarted(value);
                log.info("test platform: {} ready in {} ms", value, (System.nanoTime() - begin) / 1_000_000);
                return value;
            }
        }
    }
}
