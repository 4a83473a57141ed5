package dev.ep.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The platform's PostgreSQL: either embedded (real PostgreSQL 15 binaries from Maven Central, run by zonky from this
 * JVM, data kept under the data dir) or an existing server the launcher only creates databases on.
 */
sealed interface PostgresRuntime extends AutoCloseable permits PostgresRuntime.Embedded, PostgresRuntime.External {

    /** Server URL (administrative database) and credentials. */
    PostgresEndpoint endpoint();

    /** The postmaster's pid when the launcher runs it. */
    OptionalLong pid();

    /** The data directory when the launcher runs it. */
    Optional<Path> dataDir();

    @Override
    void close();

    /** Creates the missing databases; returns those created. */
    default List<String> ensureDatabases(List<String> names) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", endpoint().username());
        credentials.setProperty("password", endpoint().password());
        credentials.setProperty("connectTimeout", "10");
        List<String> created = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(endpoint().jdbcUrl(), credentials);
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?");
             Statement ddl = connection.createStatement()) {
            for (String name : names) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                // Names come from the catalog (lowercase identifiers, checked by PostgresEndpoint.urlFor).
                ddl.execute("CREATE DATABASE \"" + name + "\"");
                created.add(name);
            }
        }
        return created;
    }

    static Embedded startEmbedded(Path dataDir, int port, Path logFile) throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        boolean reused = Files.exists(dataDir.resolve("postgresql.conf"));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // The launcher stops PostgreSQL itself, last, after every process that uses it.
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setServerConfig("listen_addresses", Catalog.LOOPBACK)
                // zonky tunes for throw-away test databases; this data is kept, so keep it durable.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        return new Embedded(postgres, dataDir, port, reused);
    }

    /** PostgreSQL run by this launcher. */
    final class Embedded implements PostgresRuntime {
        private final EmbeddedPostgres postgres;
        private final Path dataDir;
        private final PostgresEndpoint endpoint;
        private final boolean reused;

        private Embedded(EmbeddedPostgres postgres, Path dataDir, int port, boolean reused) {
            this.postgres = postgres;
            this.dataDir = dataDir;
            this.endpoint = new PostgresEndpoint(
                    "jdbc:postgresql://" + Catalog.LOOPBACK + ":" + port + "/postgres", "postgres", "");
            this.reused = reused;
        }

        boolean reusedData() {
            return reused;
        }

        @Override
        public PostgresEndpoint endpoint() {
            return endpoint;
        }

        @Override
        public OptionalLong pid() {
            // First line of postmaster.pid is the postmaster's pid (pg_ctl has already exited).
            try {
                List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
                return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
            } catch (IOException | NumberFormatException e) {
                return OptionalLong.empty();
            }
        }

        @Override
        public Optional<Path> dataDir() {
            return Optional.of(dataDir);
        }

        @Override
        public void close() {
            try {
                postgres.close(); // pg_ctl stop -m fast -w
            } catch (IOException e) {
                throw new IllegalStateException("could not stop PostgreSQL: " + e.getMessage(), e);
            }
        }
    }

    /** An existing server (EP_POSTGRES_URL); nothing to start or stop. */
    record External(PostgresEndpoint endpoint) implements PostgresRuntime {
        @Override
        public OptionalLong pid() {
            return OptionalLong.empty();
        }

        @Override
        public Optional<Path> dataDir() {
            return Optional.empty();
        }

        @Override
        public void close() {
        }
    }
}
