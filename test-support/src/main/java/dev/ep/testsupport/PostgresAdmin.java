package dev.ep.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The admin connection of a server: creates and drops the per-test databases. */
record PostgresAdmin(String adminJdbcUrl, String username, String password) {

    PostgresAdmin {
        password = password == null ? "" : password;
    }

    void verify() {
        try (Connection connection = connect()) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to PostgreSQL at " + adminJdbcUrl + " as " + username
                    + ": " + e.getMessage(), e);
        }
    }

    Database create(String name) {
        execute("CREATE DATABASE " + quote(name));
        return new Database(JdbcUrls.withDatabase(adminJdbcUrl, name), username, password, name);
    }

    void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' failed on " + adminJdbcUrl + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(adminJdbcUrl, username, password);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
