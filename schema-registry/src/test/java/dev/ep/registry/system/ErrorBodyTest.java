package dev.ep.registry.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void shouldWriteUtf8JsonWhenMessageQuotesLoneSurrogatesAndControlCharacters() {
        // given a message quoting hostile input
        ErrorBody body = new ErrorBody(42201, "bad '\uD800' and '\u0000\u001b' but '\uD83D\uDE00' is fine");

        // when
        String json = ErrorResponses.json(body.errorCode(), body.message());

        // then
        assertThat(body.message()).isEqualTo("bad '\uFFFD' and '\uFFFD\uFFFD' but '\uD83D\uDE00' is fine");
        assertThat(json).startsWith("{\"error_code\":42201,\"message\":\"bad ");
    }

    @Test
    void shouldCutMessageWhenItQuotesAHugeInput() {
        assertThat(new ErrorBody(400, "x".repeat(100_000)).message()).hasSize(ErrorBody.MAX_MESSAGE_LENGTH + 3);
        assertThat(new ErrorBody(400, null).message()).isEmpty();
    }
}
