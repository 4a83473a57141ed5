package dev.ep.deploy;

import java.util.Objects;

/**
 * Where the platform's PostgreSQL answers: a server URL (any database in its path is only the one to connect to
 * for administration) plus the credentials every component gets.
 */
record PostgresEndpoint(String jdbcUrl, String username, String password) {

    private static final String PREFIX = "jdbc:postgresql://";

    PostgresEndpoint {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "a PostgreSQL URL must look like jdbc:postgresql://host:port/database, was '" + jdbcUrl + "'");
        }
    }

    /** The same server and parameters, another database: {@code jdbc:postgresql://h:5432/x?ssl=true -> .../db?ssl=true}. */
    String urlFor(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database names are lowercase identifiers, was '" + database + "'");
        }
        String rest = jdbcUrl.substring(PREFIX.length());
        int query = rest.indexOf('?');
        String querySuffix = query < 0 ? "" : rest.substring(query);
        String beforeQuery = query < 0 ? rest : rest.substring(0, query);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL URL names no host: '" + jdbcUrl + "'");
        }
        return PREFIX + authority + "/" + database + querySuffix;
    }

    /** The URL without credentials-bearing parameters, for the summary. */
    String displayUrl() {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
