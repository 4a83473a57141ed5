package dev.ep.testsupport;

import java.util.function.Supplier;

/**
 * How the platform's servers come to life. The embedded implementation runs everything in this JVM; a
 * Testcontainers implementation (where Docker exists) would be a second one, chosen by {@code EP_TEST_INFRA}
 * in {@link #select(PlatformSettings)} and nowhere else.
 */
interface Infrastructure {

    KafkaServer startKafka();

    PostgresServer startPostgres();

    /**
     * Starts a registry; {@code freshDatabase} creates a database of its own for an implementation that keeps its
     * schemas in the platform's PostgreSQL (asked only once the registry is known to be available).
     */
    RegistryServer startRegistry(Supplier<Database> freshDatabase);

    static Infrastructure select(PlatformSettings settings) {
        Infrastructure chosen = switch (settings.infra()) {
            case EMBEDDED -> new EmbeddedInfrastructure();
        };
        return settings.postgresUrl()
                .<Infrastructure>map(url -> new WithExistingPostgres(chosen,
                        () -> PostgresServer.existing(url, settings.postgresUser(), settings.postgresPassword())))
                .orElse(chosen);
    }

    /** Everything in-process: KRaft broker, zonky PostgreSQL 15, the project's registry. */
    final class EmbeddedInfrastructure implements Infrastructure {

        @Override
        public KafkaServer startKafka() {
            return EmbeddedKafkaServer.start();
        }

        @Override
        public PostgresServer startPostgres() {
            return PostgresServer.embedded();
        }

        @Override
        public RegistryServer startRegistry(Supplier<Database> freshDatabase) {
            return EmbeddedRegistryServer.start(freshDatabase);
        }
    }

    /** EP_TEST_POSTGRES_URL replaces whichever PostgreSQL the chosen infrastructure would start. */
    record WithExistingPostgres(Infrastructure delegate, Supplier<PostgresServer> postgres)
            implements Infrastructure {

        @Override
        public KafkaServer startKafka() {
            return delegate.startKafka();
        }

        @Override
        public PostgresServer startPostgres() {
            return postgres.get();
        }

        @Override
        public RegistryServer startRegistry(Supplier<Database> freshDatabase) {
            return delegate.startRegistry(freshDatabase);
        }
    }
}
