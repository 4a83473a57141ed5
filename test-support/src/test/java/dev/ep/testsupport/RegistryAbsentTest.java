package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RegistryAbsentTest {

    @Test
    void shouldExplainMissingDependencyWhenRegistryIsNotOnClasspath() {
        // given: test-support's own classpath has no dev.ep:schema-registry
        AtomicBoolean databaseRequested = new AtomicBoolean();

        // when / then
        assertThatThrownBy(() -> EmbeddedRegistryServer.start(() -> {
            databaseRequested.set(true);
            throw new AssertionError("no database should be created when the registry class is missing");
        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev.ep:schema-registry")
                .hasMessageContaining("<scope>test</scope>");
        org.assertj.core.api.Assertions.assertThat(databaseRequested).isFalse();
    }
}
