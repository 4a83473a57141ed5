package dev.ep.schemas.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "tab\tand\nnewline", "é", "😀", "日本語", "e\u0301"})
    void shouldAcceptTextWhenUtf8RoundTripsAndNoNul(String text) {
        assertThat(Texts.problem(text)).isEmpty();
        // the property the rule guarantees: UTF-8 encoding loses nothing
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void shouldRefuseTextWhenItContainsNul() {
        assertThat(Texts.problem("a\u0000b")).get().asString().contains("NUL", "position 1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "a\udc00", "\ud83d", "x\ude00y", "\ude00\ud83d"})
    void shouldRefuseTextWhenASurrogateIsUnpaired(String text) {
        assertThat(Texts.problem(text)).get().asString().contains("unpaired");
        // the reason: Java would silently replace it
        assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotEqualTo(text);
    }

    @Test
    void shouldAcceptNullWhenFieldIsOptional() {
        assertThat(Texts.problem(null)).isEmpty();
    }
}
