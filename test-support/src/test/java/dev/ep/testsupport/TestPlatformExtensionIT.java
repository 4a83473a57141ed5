package dev.ep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

@WithTestPlatform
class TestPlatformExtensionIT {

    private final KafkaServer kafkaFromConstructor;

    TestPlatformExtensionIT(KafkaServer kafka) {
        this.kafkaFromConstructor = kafka;
    }

    @Test
    void shouldInjectFreshDatabasesWhenTestDeclaresThem(Database first, Database second) {
        assertThat(first.name()).startsWith("testplatformextensionit_");
        assertThat(second.name()).startsWith("testplatformextensionit_").isNotEqualTo(first.name());
    }

    @Test
    void shouldInjectPlatformServersWhenTestDeclaresThem(KafkaServer kafka, PostgresServer postgres) {
        assertThat(kafka).isSameAs(TestPlatform.kafka()).isSameAs(kafkaFromConstructor);
        assertThat(postgres).isSameAs(TestPlatform.postgres());
    }
}
