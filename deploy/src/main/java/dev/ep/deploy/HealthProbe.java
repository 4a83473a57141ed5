package dev.ep.deploy;

/** One readiness check of a process; never throws, "not yet" is simply false. */
@FunctionalInterface
interface HealthProbe extends AutoCloseable {

    boolean isHealthy();

    @Override
    default void close() {
    }
}
