package dev.ep.testsupport;

import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the platform into test constructors, lifecycle and test methods, so a plain JUnit test needs no
 * static set-up: parameters of type {@link KafkaServer}, {@link PostgresServer}, {@link RegistryServer}, and
 * {@link Database} (a fresh database for each parameter, named after the test class). Use through
 * {@link WithTestPlatform}.
 */
public final class TestPlatformExtension implements ParameterResolver {

    private static final Set<Class<?>> SUPPORTED =
            Set.of(KafkaServer.class, PostgresServer.class, RegistryServer.class, Database.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == KafkaServer.class) {
            return TestPlatform.kafka();
        }
        if (type == PostgresServer.class) {
            return TestPlatform.postgres();
        }
        if (type == RegistryServer.class) {
            return TestPlatform.registry();
        }
        String prefix = context.getTestClass().map(Class::getSimpleName).orElse("test");
        return TestPlatform.postgres().newDatabase(prefix);
    }
}
