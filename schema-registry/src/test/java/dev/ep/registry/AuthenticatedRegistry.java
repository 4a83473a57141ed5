package dev.ep.registry;

import dev.ep.registry.auth.PasswordHash;
import dev.ep.testsupport.Database;
import dev.ep.testsupport.TestPlatform;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/**
 * One registry per test JVM configured as in production, with default limits and write authentication: writer
 * {@value #ALICE} given as a hash ({@code registry.auth.writers}, few rounds so tests stay fast) and writer
 * {@value #BOB} in clear text ({@code registry.auth.writer-user-info}). Started on first use; it stops with the JVM.
 */
final class AuthenticatedRegistry {

    static final String ALICE = "alice:alice-password";
    static final String BOB = "bob:bob-password";

    private static EmbeddedSchemaRegistry registry;

    private AuthenticatedRegistry() {
    }

    static synchronized EmbeddedSchemaRegistry get() {
        if (registry == null) {
            Database database = TestPlatform.postgres().newDatabase("registry_authenticated");
            String aliceHash = PasswordHash.create("alice-password", 1_000, new SecureRandom()).encoded();
            registry = EmbeddedSchemaRegistry.start(database.jdbcUrl(), database.username(), database.password(),
                    Map.of("registry.auth.writers", "alice:" + aliceHash, "registry.auth.writer-user-info", BOB));
        }
        return registry;
    }

    static RegistryHttp anonymous() {
        return new RegistryHttp(get().url());
    }

    static RegistryHttp writer() {
        return anonymous().withBasicAuth(ALICE);
    }

    /** The port, for raw requests (test-support {@code RawHttp}). */
    static int rawPort() {
        return URI.create(get().url()).getPort();
    }
}
