package dev.ep.schemas.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ep.schemas.registry.SchemaRegistryException;
import dev.ep.schemas.registry.SchemaRegistryUnavailableException;
import java.net.ConnectException;
import org.apache.avro.AvroTypeException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureKindTest {

    @ParameterizedTest(name = "HTTP {0}, error_code {1} -> {2}")
    @CsvSource({
            "-1, -1, TRANSIENT", // no answer: connection refused, timeout, unreadable answer
            "500, 50001, TRANSIENT", "502, 502, TRANSIENT", "503, 503, TRANSIENT", "504, 504, TRANSIENT",
            "408, 408, TRANSIENT", "429, 429, TRANSIENT",
            "401, 401, NEEDS_OPERATOR", "403, 40301, NEEDS_OPERATOR",
            "404, 404, NEEDS_OPERATOR", // a 404 without a Confluent code: the URL is not a registry
            "400, 400, NEEDS_OPERATOR", "405, 405, NEEDS_OPERATOR", "406, 406, NEEDS_OPERATOR",
            "415, 415, NEEDS_OPERATOR", "302, 302, NEEDS_OPERATOR",
            "404, 40401, PERMANENT", "404, 40402, PERMANENT", "404, 40403, PERMANENT",
            "422, 42201, PERMANENT", "422, 42202, PERMANENT", "409, 409, PERMANENT"})
    void shouldClassifyEveryRegistryAnswerWhenItIsTheCauseOfADecodeFailure(int status, int errorCode,
            FailureKind expected) {
        // given: the serde wraps the registry's failure
        SchemaRegistryException registry = status >= 500 || status == -1 && errorCode == -1
                ? new SchemaRegistryUnavailableException("down", status, errorCode, null, null)
                : new SchemaRegistryException("answered", status, errorCode, null, null);
        SerializationException failure = new SerializationException("Cannot deserialize record of topic t", registry);

        // when / then
        assertThat(FailureKind.classify(failure)).isEqualTo(expected);
        assertThat(FailureKind.ofRegistryAnswer(status, errorCode)).isEqualTo(expected);
        assertThat(expected.waits()).isEqualTo(expected != FailureKind.PERMANENT);
    }

    @Test
    void shouldWaitWhenTheRegistryCouldNotBeReachedWhatEverTheExceptionType() {
        assertThat(FailureKind.classify(new SerializationException("x", new SchemaRegistryException(
                "I/O", new ConnectException("refused"))))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void shouldBlameTheRecordWhenNoRegistryFailureIsInTheChain() {
        assertThat(FailureKind.classify(new SerializationException("Unknown magic byte 0x7b")))
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureKind.classify(new SerializationException("corrupt", new AvroTypeException("bad enum"))))
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureKind.classify(new IllegalArgumentException("invalid targeting rule")))
                .isEqualTo(FailureKind.PERMANENT);
    }
}
