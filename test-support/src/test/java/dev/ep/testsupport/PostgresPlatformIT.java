package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresPlatformIT {

    @Test
    void shouldGiveIsolatedDatabasesWhenAskedTwice() throws SQLException {
        // given
        Database first = TestPlatform.postgres().newDatabase("isolation");
        Database second = TestPlatform.postgres().newDatabase("isolation");
        execute(first, "CREATE TABLE orders (id int PRIMARY KEY)");
        execute(first, "INSERT INTO orders VALUES (1)");

        // when
        boolean secondHasTable = tableExists(second, "orders");

        // then
        assertThat(first.name()).isNotEqualTo(second.name()).startsWith("isolation_");
        assertThat(first.jdbcUrl()).endsWith("/" + first.name());
        assertThat(tableExists(first, "orders")).isTrue();
        assertThat(secondHasTable).isFalse();
    }

    @Test
    void shouldRunPostgres15WhenEmbedded() throws SQLException {
        // given
        Database database = TestPlatform.postgres().newDatabase("version");

        // when
        int version = Integer.parseInt(query(database, "SHOW server_version_num"));

        // then
        assertThat(version / 10000).isEqualTo(15);
    }

    @Test
    void shouldServeTheSameServerWhenCalledAgain() {
        assertThat(TestPlatform.postgres()).isSameAs(TestPlatform.postgres());
    }

    static void execute(Database database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String query(Database database, String sql) throws SQLException {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    static boolean tableExists(Database database, String table) throws SQLException {
        return query(database, "SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'")
                .equals("1");
    }
}
