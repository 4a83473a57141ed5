package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EP_TEST_POSTGRES_URL path against the machine's own PostgreSQL (127.0.0.1:5432, trust auth, user postgres;
 * override with EP_TEST_SYSTEM_POSTGRES_URL). Without such a server the class is reported as skipped with the
 * reason, except under CI (CI=true), where that server is part of the machine and its absence is a failure.
 */
class ExistingPostgresServerIT {

    private static final String ADMIN_URL = System.getenv().getOrDefault(
            "EP_TEST_SYSTEM_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = "postgres";

    @BeforeAll
    static void requireSystemServer() {
        boolean reachable;
        try (Connection ignored = DriverManager.getConnection(ADMIN_URL, USER, "")) {
            reachable = true;
        } catch (SQLException e) {
            reachable = false;
        }
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(reachable, "no PostgreSQL reachable at " + ADMIN_URL + " as " + USER);
        }
    }

    @Test
    void shouldCreateUsableDatabaseWhenServerIsGivenByUrl() throws SQLException {
        // given
        try (PostgresServer server = PostgresServer.existing(ADMIN_URL, USER, "")) {

            // when
            Database database = server.newDatabase("existing");
            PostgresPlatformIT.execute(database, "CREATE TABLE t (id int)");

            // then
            assertThat(database.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/" + database.name());
            assertThat(database.username()).isEqualTo(USER);
            assertThat(PostgresPlatformIT.tableExists(database, "t")).isTrue();
            assertThat(databaseExists(database.name())).isTrue();
        }
    }

    @Test
    void shouldDropItsDatabasesWhenClosed() throws SQLException {
        // given
        PostgresServer server = PostgresServer.existing(ADMIN_URL, USER, "");
        Database database = server.newDatabase("dropped");
        Connection stillOpen = database.connect();

        // when
        server.close();

        // then
        assertThat(databaseExists(database.name())).isFalse();
        assertThat(stillOpen.isValid(2)).isFalse();
        stillOpen.close();
    }

    @Test
    void shouldFailAtOnceWhenServerIsUnreachable() {
        assertThatThrownBy(() -> PostgresServer.existing("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2", USER, ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/postgres");
    }

    private static boolean databaseExists(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, "");
             PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
