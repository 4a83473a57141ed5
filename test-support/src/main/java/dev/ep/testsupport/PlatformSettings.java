package dev.ep.testsupport;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Everything that selects the test infrastructure, read in one place. Each setting is an environment variable
 * with a system-property twin that wins when both are set (handy in a surefire/failsafe {@code systemPropertyVariables}).
 *
 * <ul>
 *   <li>{@code EP_TEST_INFRA} / {@code ep.test.infra}: which implementation runs the servers; {@code embedded}
 *       (default) is the only one so far. A Testcontainers variant would be a second value.</li>
 *   <li>{@code EP_TEST_POSTGRES_URL} / {@code ep.test.postgres.url}: JDBC URL of an admin database on an existing
 *       PostgreSQL; when set, no embedded PostgreSQL starts.</li>
 *   <li>{@code EP_TEST_POSTGRES_USER} / {@code ep.test.postgres.user}: default {@code postgres}.</li>
 *   <li>{@code EP_TEST_POSTGRES_PASSWORD} / {@code ep.test.postgres.password}: default empty.</li>
 * </ul>
 */
record PlatformSettings(Infra infra, Optional<String> postgresUrl, String postgresUser, String postgresPassword) {

    /** The implementations that can run the servers. */
    enum Infra {
        EMBEDDED;

        static Infra parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("EP_TEST_INFRA=" + value + " is not supported; use one of "
                        + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT));
            }
        }
    }

    static PlatformSettings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    static PlatformSettings from(Map<String, String> env, Properties systemProperties) {
        Source source = new Source(env, systemProperties);
        return new PlatformSettings(
                source.get("EP_TEST_INFRA").map(Infra::parse).orElse(Infra.EMBEDDED),
                source.get("EP_TEST_POSTGRES_URL"),
                source.get("EP_TEST_POSTGRES_USER").orElse("postgres"),
                source.get("EP_TEST_POSTGRES_PASSWORD").orElse(""));
    }

    private record Source(Map<String, String> env, Properties systemProperties) {

        Optional<String> get(String variable) {
            String property = variable.toLowerCase(Locale.ROOT).replace('_', '.');
            String value = systemProperties.getProperty(property);
            if (value == null || value.isBlank()) {
                value = env.get(variable);
            }
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }
    }
}
