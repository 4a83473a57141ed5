package dev.ep.testsupport;

/** Rewrites the database part of a PostgreSQL JDBC URL, keeping host, port and query parameters. */
final class JdbcUrls {

    private static final String SCHEME = "jdbc:postgresql:";

    private JdbcUrls() {
    }

    /**
     * {@code jdbc:postgresql://h:5432/postgres?ssl=false} with {@code orders_1} gives
     * {@code jdbc:postgresql://h:5432/orders_1?ssl=false}. Also accepts the short forms
     * {@code jdbc:postgresql:db} and {@code jdbc:postgresql://h/} (no database).
     */
    static String withDatabase(String jdbcUrl, String database) {
        if (jdbcUrl == null || !jdbcUrl.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): " + jdbcUrl);
        }
        String rest = jdbcUrl.substring(SCHEME.length());
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query);
        String location = query < 0 ? rest : rest.substring(0, query);
        if (!location.startsWith("//")) {
            return SCHEME + database + params;
        }
        int slash = location.indexOf('/', 2);
        String hosts = slash < 0 ? location : location.substring(0, slash);
        return SCHEME + hosts + "/" + database + params;
    }
}
