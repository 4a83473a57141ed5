package dev.ep.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A PostgreSQL database created for one caller (a test class, a registry instance...), so tests never share
 * tables. Hand {@link #jdbcUrl()}, {@link #username()} and {@link #password()} to the code under test, or use
 * {@link TestPlatformProperties#database} in a Spring test.
 *
 * @param jdbcUrl  JDBC URL of this database, without credentials
 * @param username user that owns nothing special but may create tables in it
 * @param password that user's password; empty for trust authentication
 * @param name     the database name, unique on its server
 */
public record Database(String jdbcUrl, String username, String password, String name) {

    public Database {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(name, "name");
        password = password == null ? "" : password;
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
    }

    /** Opens a plain JDBC connection for fixtures and assertions; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public String toString() {
        return "Database[" + name + " at " + jdbcUrl + " as " + username + "]";
    }
}
