package dev.ep.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.registry.SchemaRegistryUnavailableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {

    @Test
    void shouldTreatRegistryAsUnavailableWhenItCouldNotBeReachedOrAnswered5xx() {
        assertThat(RecordDecoder.registryUnavailable(new SerializationException("x",
                new SchemaRegistryUnavailableException("down", SchemaRegistryException.NO_STATUS,
                        SchemaRegistryException.NO_STATUS, null, null)))).isTrue();
        assertThat(RecordDecoder.registryUnavailable(new SerializationException("x",
                new SchemaRegistryException("boom", 503, 50301, null, null)))).isTrue();
    }

    @Test
    void shouldBlameTheRecordWhenTheRegistryDoesNotKnowItsSchemaId() {
        assertThat(RecordDecoder.registryUnavailable(new SerializationException("x",
                new SchemaRegistryException("unknown", 404, SchemaRegistryException.SCHEMA_NOT_FOUND, null, null))))
                .isFalse();
        assertThat(RecordDecoder.registryUnavailable(new SerializationException("unknown magic byte"))).isFalse();
    }
}
