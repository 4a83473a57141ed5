package dev.ep.testsupport;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a Spring Boot test at the platform from a {@code @DynamicPropertySource} method. Values are suppliers,
 * so a server starts only when the context actually reads its property.
 *
 * <pre>{@code
 * static final Database DB = TestPlatform.postgres().newDatabase("config_service");
 *
 * @DynamicPropertySource
 * static void platform(DynamicPropertyRegistry registry) {
 *     TestPlatformProperties.register(registry, DB);          // Kafka + PostgreSQL
 *     TestPlatformProperties.schemaRegistry(registry);        // only with dev.ep:schema-registry on the test classpath
 * }
 * }</pre>
 *
 * <table>
 *   <caption>Keys set</caption>
 *   <tr><td>{@link #kafka}</td><td>{@value #KAFKA_BOOTSTRAP_SERVERS}</td></tr>
 *   <tr><td>{@link #database}</td><td>{@value #DATASOURCE_URL}, {@value #DATASOURCE_USERNAME},
 *       {@value #DATASOURCE_PASSWORD} (Flyway and JDBC follow the datasource)</td></tr>
 *   <tr><td>{@link #schemaRegistry}</td><td>{@value #SCHEMA_REGISTRY_URL} (the services' own setting) and
 *       {@value #KAFKA_SCHEMA_REGISTRY_URL} (passed by Boot to every Kafka client, read by the Avro serde)</td></tr>
 * </table>
 */
public final class TestPlatformProperties {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    public static final String DATASOURCE_URL = "spring.datasource.url";
    public static final String DATASOURCE_USERNAME = "spring.datasource.username";
    public static final String DATASOURCE_PASSWORD = "spring.datasource.password";
    public static final String SCHEMA_REGISTRY_URL = "ep.schema-registry.url";
    public static final String KAFKA_SCHEMA_REGISTRY_URL = "spring.kafka.properties.schema.registry.url";

    private TestPlatformProperties() {
    }

    /** Kafka and the given database: what most service tests need. */
    public static void register(DynamicPropertyRegistry registry, Database database) {
        kafka(registry);
        database(registry, database);
    }

    /** {@value #KAFKA_BOOTSTRAP_SERVERS} from {@link TestPlatform#kafka()}. */
    public static void kafka(DynamicPropertyRegistry registry) {
        registry.add(KAFKA_BOOTSTRAP_SERVERS, () -> TestPlatform.kafka().bootstrapServers());
    }

    /** {@code spring.datasource.url/username/password} for the given database. */
    public static void database(DynamicPropertyRegistry registry, Database database) {
        registry.add(DATASOURCE_URL, database::jdbcUrl);
        registry.add(DATASOURCE_USERNAME, database::username);
        registry.add(DATASOURCE_PASSWORD, database::password);
    }

    /** The registry URL under both keys the project reads; starts the registry on first resolution. */
    public static void schemaRegistry(DynamicPropertyRegistry registry) {
        registry.add(SCHEMA_REGISTRY_URL, () -> TestPlatform.registry().url());
        registry.add(KAFKA_SCHEMA_REGISTRY_URL, () -> TestPlatform.registry().url());
    }
}
