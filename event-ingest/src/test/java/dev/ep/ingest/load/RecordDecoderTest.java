package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.schemas.failure.FailureKind;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    @Test
    void shouldWaitForTheRegistryWhenItIsUnavailable() {
        TransientFailure failure = RecordDecoder.registryFailure(FailureKind.TRANSIENT,
                new SerializationException("x"));
        assertThat(failure.kind()).isEqualTo(TransientFailure.Cause.REGISTRY);
    }

    @Test
    void shouldWaitAndNameTheSettingsWhenTheRegistryRefusesTheCredentials() {
        TransientFailure failure = RecordDecoder.registryFailure(FailureKind.NEEDS_OPERATOR,
                new SerializationException("HTTP 401"));
        assertThat(failure.kind()).isEqualTo(TransientFailure.Cause.REGISTRY_CONFIGURATION);
        assertThat(failure.getMessage()).contains("EP_SCHEMA_REGISTRY_USER_INFO").contains("HTTP 401");
    }
}
