package dev.ep.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server someone else runs (EP_TEST_POSTGRES_URL): databases are created on it and dropped again on close so
 * a shared server does not fill up with test databases.
 */
final class ExistingPostgresServer implements PostgresServer {

    private static final Logger log = LoggerFactory.getLogger(ExistingPostgresServer.class);

    private final PostgresAdmin admin;
    private final DatabaseNames names = DatabaseNames.secure();
    private final List<String> created = new CopyOnWriteArrayList<>();

    private ExistingPostgresServer(PostgresAdmin admin) {
        this.admin = admin;
    }

    static ExistingPostgresServer connect(String adminJdbcUrl, String username, String password) {
        PostgresAdmin admin = new PostgresAdmin(adminJdbcUrl, username, password);
        admin.verify();
        return new ExistingPostgresServer(admin);
    }

    @Override
    public Database newDatabase(String prefix) {
        Database database = admin.create(names.next(prefix));
        created.add(database.name());
        return database;
    }

    @Override
    public void close() {
        for (String name : created) {
            try {
                admin.drop(name);
            } catch (RuntimeException e) {
                log.warn("could not drop test database {}: {}", name, e.getMessage());
            }
        }
        created.clear();
    }

    @Override
    public String toString() {
        return "PostgreSQL at " + admin.adminJdbcUrl();
    }
}
