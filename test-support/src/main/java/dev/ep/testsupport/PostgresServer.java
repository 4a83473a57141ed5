package dev.ep.testsupport;

/**
 * A PostgreSQL server that hands out fresh databases. One per test JVM, obtained from
 * {@link TestPlatform#postgres()}; the factories here exist for tests of test-support itself and for tools that
 * need a server outside the platform's lifecycle.
 */
public interface PostgresServer extends AutoCloseable {

    /**
     * Creates a new, empty database named {@code <prefix>_<random suffix>} and returns how to reach it. The prefix
     * is only a hint for humans reading server logs; it is lower-cased and reduced to {@code [a-z0-9_]}.
     */
    Database newDatabase(String prefix);

    /** Stops the server or, for an existing server, drops the databases this instance created. */
    @Override
    void close();

    /** Starts an embedded PostgreSQL 15 (zonky binaries) on a free loopback port, data in a temporary directory. */
    static PostgresServer embedded() {
        return EmbeddedPostgresServer.start();
    }

    /**
     * Uses an existing server. {@code adminJdbcUrl} points at a database the user may connect to (e.g.
     * {@code jdbc:postgresql://127.0.0.1:5432/postgres}); the user needs the CREATEDB privilege. The connection
     * is checked at once so a wrong URL fails here, not in the first test.
     */
    static PostgresServer existing(String adminJdbcUrl, String username, String password) {
        return ExistingPostgresServer.connect(adminJdbcUrl, username, password);
    }
}
