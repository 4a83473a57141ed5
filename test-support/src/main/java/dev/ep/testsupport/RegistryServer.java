package dev.ep.testsupport;

/** A Confluent-API schema registry for tests, obtained from {@link TestPlatform#registry()}. */
public interface RegistryServer extends AutoCloseable {

    /** Base URL such as {@code http://127.0.0.1:40123}, for the serde's {@code schema.registry.url}. */
    String url();

    @Override
    void close();
}
